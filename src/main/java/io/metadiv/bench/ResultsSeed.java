package io.metadiv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Seeds 100,000 SUCCEEDED training runs (20,000 experiments over 10 datasets, plus 1,000 RUNNING and 1,000 FAILED
 * runs) into a running service's database in one SQL script ({@code results-seed.sql}; the list tests seed the
 * same), then prints one JSON line: seconds, runs. For load runs (bench/load/run.sh) on an empty database.
 *
 * <p>Usage: {@code java -cp target/metadiv-*.jar -Dloader.main=io.metadiv.bench.ResultsSeed
 * org.springframework.boot.loader.launch.PropertiesLauncher jdbc:postgresql://127.0.0.1:PORT/postgres} (the embedded
 * PostgreSQL's port: {@code METADIV_EMBEDDED_POSTGRES_PORT}, or the service's log line; user postgres).
 */
public final class ResultsSeed {

    private ResultsSeed() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ResultsSeed jdbc:postgresql://127.0.0.1:PORT/postgres");
        }
        String script;
        try (InputStream in = ResultsSeed.class.getResourceAsStream("results-seed.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(args[0], "postgres", "");
                Statement statement = db.createStatement()) {
            statement.execute(script);
            statement.execute("VACUUM ANALYZE"); // what autovacuum would do soon: visibility maps, statistics
            try (var rs = statement.executeQuery("SELECT count(*) FROM training_run")) {
                rs.next();
                System.out.println(Json.write(Map.of("seconds", (System.nanoTime() - start) / 1e9,
                        "runs", rs.getLong(1))));
            }
        }
    }
}
