package io.metadiv.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "jobs" (db-scheduler's own indicator is off: it reports DOWN in an api-only
 * process, whose scheduler is never started by design). A worker is UP while its scheduler polls; a process without
 * the worker role is UP and says it claims nothing.
 */
@Component("jobsHealthIndicator")
class WorkerHealthIndicator implements HealthIndicator {

    private final Roles roles;
    private final WorkerProperties worker;
    private final SchedulerState state;

    WorkerHealthIndicator(Roles roles, WorkerProperties worker, Scheduler scheduler) {
        this.roles = roles;
        this.worker = worker;
        this.state = scheduler.getSchedulerState();
    }

    @Override
    public Health health() {
        if (!roles.worker()) {
            return Health.up().withDetail("roles", roles.toString()).withDetail("claims", "no jobs").build();
        }
        Health.Builder health = state.isShuttingDown() ? Health.outOfService()
                : state.isStarted() ? Health.up() : Health.down();
        return health.withDetail("roles", roles.toString()).withDetail("worker", worker.id())
                .withDetail("slots", worker.slots()).withDetail("torchThreads", worker.torchThreads())
                .withDetail("scheduler", state.isShuttingDown() ? "shutting down"
                        : state.isStarted() ? "polling" : "not started")
                .build();
    }
}
