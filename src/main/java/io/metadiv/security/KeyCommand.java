package io.metadiv.security;

import io.metadiv.db.EmbeddedPostgresConfiguration;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The jar's one-shot key commands ({@link KeyCommandLine}): the first ADMIN key of a new installation, or one more
 * for an operator, without an admin key at hand; and revoking a key. A small Spring context holds only the database
 * (embedded or {@code SPRING_DATASOURCE_URL}), Flyway and {@link ApiKeys}: no web server, no job engine, no DJL.
 *
 * <p>A new key's secret is the only thing written to stdout ({@code KEY=$(java -jar … create-admin-key --name ops)});
 * everything else, logs included, goes to stderr. Another ADMIN key may exist already: a second one is how an
 * operator replaces a key (create, then revoke the old one) or regains access after losing one.
 */
public final class KeyCommand {

    /** Exit status of a done command. */
    static final int DONE = 0;
    /** Exit status when it failed: no such key, the last admin key, the database unreachable. */
    static final int FAILED = 1;
    /** Exit status of wrong arguments. */
    static final int USAGE = 2;

    private KeyCommand() {
    }

    /** Whether {@code args} asks for a key command rather than the service. */
    public static boolean isCommand(String[] args) {
        return KeyCommandLine.isCommand(args);
    }

    /**
     * Runs the command {@code args} asks for.
     *
     * @return the process's exit status
     */
    public static int run(String[] args) {
        PrintStream stdout = System.out;
        System.setOut(System.err); // the log, and anything a library prints, go to stderr: stdout is for the key
        KeyCommandLine line;
        try {
            line = KeyCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(KeyCommandLine.USAGE);
            return USAGE;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(Map.of("logging.level.root", "WARN"))
                .run(line.springArgs().toArray(String[]::new))) {
            ApiKeys keys = context.getBean(ApiKeys.class);
            return line.command().equals(KeyCommandLine.CREATE) ? create(keys, line.name(), stdout) : revoke(keys,
                    line);
        } catch (RuntimeException e) {
            System.err.println("error: " + line.command() + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static int create(ApiKeys keys, String name, PrintStream stdout) {
        long admins = keys.list().stream().filter(k -> k.active() && k.role() == KeyRole.ADMIN).count();
        NewApiKey created = keys.create(name, KeyRole.ADMIN);
        stdout.println(created.key());
        stdout.flush();
        System.err.println("Created the ADMIN key '" + created.name() + "' (id " + created.id() + ", prefix "
                + created.prefix() + "); its secret is on stdout, shown this once. Valid ADMIN keys before it: "
                + admins + ".");
        return DONE;
    }

    private static int revoke(ApiKeys keys, KeyCommandLine line) {
        List<ApiKey> matches = keys.list().stream()
                .filter(k -> line.id() != null ? k.id().equals(line.id()) : k.prefix().equals(line.prefix()))
                .toList();
        String which = line.id() != null ? "id " + line.id() : "prefix " + line.prefix();
        if (matches.isEmpty()) {
            System.err.println("error: no API key with " + which);
            return FAILED;
        }
        if (matches.size() > 1) {
            System.err.println("error: " + matches.size() + " API keys have " + which + ": revoke one with --id "
                    + matches.stream().map(k -> k.id().toString()).toList());
            return FAILED;
        }
        ApiKey key = matches.get(0);
        String described = "API key " + key.id() + " ('" + key.name() + "', " + key.role() + ", " + key.prefix() + ")";
        if (!key.active()) {
            System.err.println(described + " was revoked already, at " + key.revokedAt());
            return DONE;
        }
        try {
            keys.revoke(key.id());
        } catch (LastAdminKeyException e) {
            System.err.println("error: " + e.getBody().getDetail());
            return FAILED;
        }
        System.err.println("Revoked " + described);
        return DONE;
    }

    /**
     * The database, its migrations and the keys: nothing else of the service. No {@code @Configuration}: component
     * scanning would add it to the service's context, with a second {@link ApiKeys}.
     */
    @Import({EmbeddedPostgresConfiguration.class, ApiKeys.class})
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class Context {
    }
}
