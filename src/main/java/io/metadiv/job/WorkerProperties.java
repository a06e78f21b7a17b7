package io.metadiv.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metadiv.worker.*}: this worker process.
 *
 * @param id name in job rows and db-scheduler's {@code picked_by} (default: host name and process id, unique per
 *     process)
 * @param slots jobs run at once (db-scheduler threads; it never fetches more than this), default 1
 * @param torchThreads libtorch intra-op threads each running job uses, default: cores / slots
 */
@ConfigurationProperties("metadiv.worker")
public record WorkerProperties(String id, Integer slots, Integer torchThreads) {

    /** Fills in defaults and checks ranges. */
    public WorkerProperties {
        if (id == null || id.isBlank()) {
            id = host() + "-" + ProcessHandle.current().pid();
        }
        slots = slots == null ? 1 : slots;
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("metadiv.worker.slots must be in [1, 64], got " + slots);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        torchThreads = torchThreads == null || torchThreads == 0 ? Math.max(1, cores / slots) : torchThreads;
        if (torchThreads < 1) {
            throw new IllegalArgumentException("metadiv.worker.torch-threads must be >= 1 (0 = cores / slots), got "
                    + torchThreads);
        }
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
