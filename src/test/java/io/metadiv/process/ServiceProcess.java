package io.metadiv.process;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service as a separate JVM, for tests about processes: started from the test classpath with its log in a file,
 * and stopped hard ({@code kill -9}), paused ({@code SIGSTOP}) or resumed ({@code SIGCONT}) like an operator or the
 * kernel would. {@link #close} kills it and anything it started that is still running.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int TAIL_LINES = 80;

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code io.metadiv.MetadivApplication} with {@code --server.port} and the given arguments.
     *
     * @param name names the log file {@code logs/<name>.log}
     * @param logs folder of the log
     * @param args Spring Boot arguments ({@code --key=value})
     */
    public static ServiceProcess start(String name, Path logs, List<String> args) throws IOException {
        return start(name, logs, List.of("-cp", System.getProperty("java.class.path"), "io.metadiv.MetadivApplication"),
                args);
    }

    /**
     * Starts the packaged jar ({@code java -jar}) on its own runtime classpath, as production runs it.
     *
     * @param jar the Spring Boot jar
     * @param args Spring Boot arguments ({@code --key=value})
     */
    public static ServiceProcess startJar(String name, Path logs, Path jar, List<String> args) throws IOException {
        return start(name, logs, List.of("-jar", jar.toString()), args);
    }

    private static ServiceProcess start(String name, Path logs, List<String> main, List<String> args)
            throws IOException {
        Files.createDirectories(logs);
        int port = freePort();
        Path log = logs.resolve(name + ".log");
        List<String> command = java();
        command.addAll(main);
        command.add("--server.port=" + port);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return new ServiceProcess(name, builder.start(), port, log);
    }

    /** This test JVM's {@code java} with the options every started JVM gets; add the main class or jar. */
    public static List<String> java() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Xmx1g", "-XX:+UseSerialGC"));
    }

    /** A free TCP port on loopback. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port><path>}. */
    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The whole log. */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** The last lines of the log, for assertion messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "\n(no log at " + log + ": " + e + ")";
        }
    }

    /** Waits until {@code /actuator/health} answers 200; fails with the log's tail if it exits or takes too long. */
    public void awaitHealthy(Duration within) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + within.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + logTail());
            }
            try {
                lastStatus = HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // retried until the deadline
            }
            Thread.sleep(200);
        }
        fail(name + " not healthy within " + within + " (last status " + lastStatus + ")" + logTail());
    }

    /** {@code kill -9}, and waits for the exit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** {@code SIGTERM}, as a supervisor stops a pod, and waits (at most a minute) for the exit. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            fail(name + " did not stop within a minute of SIGTERM" + logTail());
        }
    }

    /** The exit code (143 after SIGTERM: 128 + 15). */
    public int exitCode() {
        return process.exitValue();
    }

    /** {@code SIGSTOP}: the JVM freezes, heartbeats and all. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** {@code SIGCONT}. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Kills the JVM and whatever it started (a pg_ctl or postmaster still starting). */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        signal("-CONT"); // a paused JVM would not die before it runs again
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
