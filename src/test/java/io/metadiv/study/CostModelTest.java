package io.metadiv.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metadiv.diversity.ProbeKind;
import io.metadiv.diversity.api.DiversityScoring;
import io.metadiv.training.RunSpec;
import org.junit.jupiter.api.Test;

/** The cost model reproduces the bench/RESULTS.md figures it is calibrated to and scales in the right direction. */
class CostModelTest {

    @Test
    void benchSettingsGiveTheBenchFigures() {
        for (CostModel.Bench b : CostModel.BENCH) {
            double ms = b.part() == CostModel.Part.TASK
                    ? CostModel.bench(CostModel.benchScore(), 28, 1).ms()
                    : CostModel.bench(b.part(), CostModel.benchSpec(b.method(), b.arch()), 28, 1).ms();
            assertThat(ms).as(b.source()).isCloseTo(b.ms(), within(1e-9 * b.ms()));
        }
    }

    @Test
    void costGrowsWithTheNetworkTheImagesAndTheEpisodes() {
        RunSpec fo = CostModel.benchSpec(RunSpec.Method.FO_MAML, RunSpec.Arch.CONV4);
        double step = CostModel.bench(CostModel.Part.STEP, fo, 28, 1).ms();
        assertThat(CostModel.bench(CostModel.Part.STEP, fo, 84, 3).ms()).isGreaterThan(5 * step);
        RunSpec wider = RunSpec.builder(RunSpec.Method.FO_MAML).optArch(RunSpec.Arch.CONV4, 128, null)
                .optShape(5, 5, 15).build();
        assertThat(CostModel.bench(CostModel.Part.STEP, wider, 28, 1).ms()).isGreaterThan(step);
        RunSpec ho = CostModel.benchSpec(RunSpec.Method.HO_MAML, RunSpec.Arch.RESNET12);
        assertThat(CostModel.bench(CostModel.Part.STEP, ho, 28, 1).ms())
                .isGreaterThan(CostModel.bench(CostModel.Part.STEP, CostModel.benchSpec(RunSpec.Method.FO_MAML,
                        RunSpec.Arch.RESNET12), 28, 1).ms());
        assertThat(CostModel.bench(CostModel.Part.EPISODE, CostModel.benchSpec(RunSpec.Method.PT,
                RunSpec.Arch.RESNET12), 28, 1).ms()).isGreaterThan(14.3);
        DiversityScoring.Shape monteCarlo = new DiversityScoring.Shape(ProbeKind.RANDOM_CONV4, 64, null, null, 20, 5,
                5, 5, 15, 1, 100);
        assertThat(CostModel.bench(monteCarlo, 28, 1).ms()).isLessThan(221.5);
    }

    @Test
    void measuredRunsOfTheSameSettingsAreTheBasisOtherwiseTheNearestScaled() {
        RunSpec small = RunSpec.builder(RunSpec.Method.PT).optArch(null, 8, null).optShape(2, 1, 3)
                .optLength(100, null).optEvaluation(10, null).build();
        var measured = new io.metadiv.experiment.TrainingRuns.Measured(small, 28, 1, 100, 10, 2.5, 0.5, 3.0, 20,
                520.0);
        CostEstimates estimates = new CostEstimates(java.util.List.of(measured), java.util.List.of(), 2);
        CostEstimates.Cost same = estimates.run(small, 28, 1);
        assertThat(same.basis()).isEqualTo(StudyPlan.MEASURED);
        assertThat(same.train()).isCloseTo(0.5 + 0.020 * 100, within(1e-9));
        assertThat(same.eval()).isCloseTo(0.05 * 10, within(1e-9));
        assertThat(same.cpu()).isCloseTo(same.seconds() * 1.0, within(1e-9));
        CostEstimates.Cost bigger = estimates.run(RunSpec.builder(RunSpec.Method.PT).optArch(null, 64, null)
                .optShape(2, 1, 3).optLength(100, null).optEvaluation(10, null).build(), 28, 1);
        assertThat(bigger.basis()).isEqualTo(StudyPlan.MODEL);
        assertThat(bigger.note()).contains("nearest measured");
        assertThat(bigger.seconds()).isGreaterThan(same.seconds());
        CostEstimates.Cost maml = estimates.run(RunSpec.builder(RunSpec.Method.HO_MAML).build(), 28, 1);
        assertThat(maml.basis()).isEqualTo(StudyPlan.MODEL);
        assertThat(maml.note()).contains("bench/RESULTS.md");
        assertThat(maml.cpu()).isCloseTo(2 * maml.seconds(), within(1e-9));
    }
}
