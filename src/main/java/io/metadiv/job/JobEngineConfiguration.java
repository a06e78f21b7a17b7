package io.metadiv.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.metadiv.nn.TorchRuntime;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires db-scheduler (from its Spring Boot starter; settings under {@code db-scheduler.*} in
 * application.properties): the database clock, the worker's name, the one {@link JobTask}, and a starter that starts
 * polling only in processes with the worker role. Elsewhere the scheduler is built but never started, and serves as
 * the client that schedules executions.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JobProperties.class, WorkerProperties.class})
class JobEngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobEngineConfiguration.class);
    /** Wait before an execution whose claim itself failed (database gone for longer than the retry) runs again. */
    private static final Duration CLAIM_FAILURE_DELAY = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    DatabaseClock databaseClock(JdbcTemplate jdbc) {
        return new DatabaseClock(jdbc);
    }

    @Bean
    DbSchedulerCustomizer workerName(WorkerProperties worker) {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<SchedulerName> schedulerName() {
                return Optional.of(new SchedulerName.Fixed(worker.id()));
            }
        };
    }

    @Bean
    Task<Void> jobTaskDefinition(JobTask task, DatabaseClock clock) {
        return Tasks.custom(JobTask.NAME, Void.class)
                .onDeadExecution(task::deadExecution)
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        clock.now().plus(CLAIM_FAILURE_DELAY)))
                .execute(task::execute);
    }

    @Bean
    DbSchedulerStarter workerStarter(Scheduler scheduler, Roles roles, WorkerProperties worker) {
        return new WorkerStarter(scheduler, roles, worker);
    }

    /** Starts polling once the application is ready, in worker processes only. */
    static final class WorkerStarter implements DbSchedulerStarter, ApplicationListener<ApplicationReadyEvent> {

        private final Scheduler scheduler;
        private final Roles roles;
        private final WorkerProperties worker;

        WorkerStarter(Scheduler scheduler, Roles roles, WorkerProperties worker) {
            this.scheduler = scheduler;
            this.roles = roles;
            this.worker = worker;
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            doStart();
        }

        @Override
        public void doStart() {
            if (!roles.worker()) {
                log.info("roles={}: this process claims no jobs", roles);
                return;
            }
            TorchRuntime.configure(worker.torchThreads());
            scheduler.start();
            log.info("worker {} started: {} slot(s), {} torch thread(s) per job", worker.id(), worker.slots(),
                    worker.torchThreads());
        }
    }
}
