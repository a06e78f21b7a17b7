package io.metadiv.study.analysis;

import io.metadiv.training.RunSpec.Method;

/**
 * What one method's runs cost, so that a gain in accuracy can be weighed against compute.
 *
 * @param method the method
 * @param runs its runs
 * @param totalCpuSeconds CPU time of all of them
 * @param totalWallSeconds wall time of all of them
 * @param meanAccuracyPoints mean accuracy over the runs, points
 * @param accuracyPointsPerCpuHour mean accuracy / mean CPU-hours per run; null when the runs took no CPU time
 * @param cpuPerRunVsPt mean CPU time per run relative to PT's (2.0 = twice PT's); null without PT runs or time
 */
public record Cost(Method method, int runs, double totalCpuSeconds, double totalWallSeconds,
        double meanAccuracyPoints, Double accuracyPointsPerCpuHour, Double cpuPerRunVsPt) {
}
