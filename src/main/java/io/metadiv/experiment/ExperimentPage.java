package io.metadiv.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.data.domain.Page;

/**
 * One page of experiments (newest first unless sorted otherwise).
 *
 * @param page zero-based page number
 * @param size requested page size
 */
@Schema(name = "ExperimentPage")
record ExperimentPage(List<ExperimentResponse> content, int page, int size, long totalElements, int totalPages) {

    static ExperimentPage of(Page<ExperimentResponse> page) {
        return new ExperimentPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
                page.getTotalPages());
    }
}
