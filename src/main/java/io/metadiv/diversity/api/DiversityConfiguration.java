package io.metadiv.diversity.api;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The diversity executor: one computation at a time (each uses all libtorch threads), a bounded queue. */
@Configuration(proxyBeanMethods = false)
class DiversityConfiguration {

    /** Bean name of the executor. */
    static final String EXECUTOR = "diversityExecutor";

    @Bean(name = EXECUTOR, destroyMethod = "shutdownNow")
    ExecutorService diversityExecutor(@Value("${metadiv.diversity.queue-capacity:32}") int capacity) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "diversity");
            t.setDaemon(true);
            return t;
        });
    }
}
