package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadiv.training.RunSpec.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeAgreementTest {

    private static final Criteria SLOPE_ONLY = new Criteria(0, 1, false, true);

    /** The same runs with each dataset's coefficient mirrored: the probe ranks the datasets the other way round. */
    private static List<Observation> mirrored(List<Observation> runs) {
        return runs.stream().map(o -> new Observation(o.datasetId(), o.datasetName(), o.method(), o.seed(),
                0.35 - o.diversity(), o.diversityCi95(), o.accuracy(), o.accuracyCi95(), o.loss(), o.cpuSeconds(),
                o.wallSeconds())).toList();
    }

    @Test
    void theSameCoefficientsKeepTheVerdict() {
        StudyAnalysis a = StudyAnalysis.of(StudyFixtures.sampleStudy(), SLOPE_ONLY, 1);
        ProbeAgreement agreement = ProbeAgreement.of(a, StudyAnalysis.of(StudyFixtures.sampleStudy(), SLOPE_ONLY, 1),
                "random Conv4", "random Conv4 seed 9");

        assertThat(agreement.verdictHolds()).isTrue();
        assertThat(agreement.methods()).hasSize(3).allSatisfy(m -> assertThat(m.sameDirection()).isTrue());
        assertThat(agreement.sentences().get(0)).startsWith("The verdict holds under both probes");
    }

    @Test
    void aProbeThatRanksTheDatasetsTheOtherWayFlipsTheSlopesAndTheVerdict() {
        StudyAnalysis a = StudyAnalysis.of(StudyFixtures.sampleStudy(), SLOPE_ONLY, 1);
        StudyAnalysis b = StudyAnalysis.of(mirrored(StudyFixtures.sampleStudy()), SLOPE_ONLY, 1);

        ProbeAgreement agreement = ProbeAgreement.of(a, b, "random Conv4", "PT backbone");

        assertThat(a.verdict().slopeCriterionMet()).isTrue();
        assertThat(b.verdict().slopeCriterionMet()).isFalse();
        assertThat(agreement.verdictHolds()).isFalse();
        assertThat(agreement.methods()).filteredOn(m -> m.method() == Method.PT).singleElement()
                .satisfies(m -> assertThat(m.sameDirection()).isFalse());
        assertThat(agreement.sentences().get(0)).startsWith("The verdict depends on the probe: met under random Conv4, "
                + "not met under PT backbone");
        assertThat(agreement.sentences()).anySatisfy(s -> assertThat(s).contains("rises with diversity under one"));
    }
}
