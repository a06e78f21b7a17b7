package io.metadiv.experiment;

import io.metadiv.training.RunSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Training metrics on {@code /actuator/prometheus}: step time and training duration per method. */
@Component
class TrainingMetrics {

    private final MeterRegistry registry;

    TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void step(RunSpec.Method method, double millis) {
        Timer.builder("metadiv.training.step").tag("method", method.name())
                .description("Wall time of one training step (MAML outer step, PT batch)").register(registry)
                .record(Duration.ofNanos((long) (millis * 1e6)));
    }

    void trained(RunSpec.Method method, double seconds) {
        Timer.builder("metadiv.training.duration").tag("method", method.name())
                .description("Training wall time of a finished run (this attempt)").register(registry)
                .record(Duration.ofNanos((long) (seconds * 1e9)));
    }
}
