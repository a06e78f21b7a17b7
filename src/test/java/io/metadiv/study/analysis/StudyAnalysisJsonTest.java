package io.metadiv.study.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The analysis serialises with Jackson 3 as the service will: plain fields, nulls for what is missing. */
class StudyAnalysisJsonTest {

    @Test
    void serialisesToPlainJson() {
        JsonMapper mapper = JsonMapper.builder().build();
        StudyAnalysis full = StudyAnalysis.of(StudyFixtures.sampleStudy(), Criteria.defaults(), 5);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(full));

        assertThat(json.get("verdict").get("met").asBoolean()).isFalse();
        assertThat(json.get("trends").get(0).get("method").asString()).isEqualTo("HO_MAML");
        assertThat(json.get("trends").get(0).get("accuracy").get("r2").isNumber()).isTrue();
        assertThat(json.get("slopeComparisons").get(1).get("bootstrap").get("samples").asInt()).isEqualTo(2000);
        assertThat(json.get("gaps").get(0).get("gapCiSource").asString()).isEqualTo("WELCH_OVER_SEEDS");
        assertThat(json.get("criteria").get("minDatasets").asInt()).isZero();

        StudyAnalysis thin = StudyAnalysis.of(DegenerateInputsTest.allMethods("Solo", 0.2), Criteria.defaults(), 5);
        String text = mapper.writeValueAsString(thin);
        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode slope = mapper.readTree(text).get("slopeComparisons").get(0);
        assertThat(slope.get("status").asString()).isEqualTo("TOO_FEW_DATASETS");
        assertThat(slope.get("difference").isNull()).isTrue();
        assertThat(mapper.readTree(mapper.writeValueAsString(StudyAnalysis.of(List.of(), Criteria.defaults(), 5)))
                .get("means").size()).isZero();
    }
}
