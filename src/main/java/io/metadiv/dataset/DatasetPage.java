package io.metadiv.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.data.domain.Page;

/**
 * One page of datasets, in a stable shape (Spring's {@code PageImpl} JSON is not a contract).
 *
 * @param page zero-based page number
 * @param size requested page size
 */
@Schema(name = "DatasetPage")
record DatasetPage(List<DatasetResponse> content, int page, int size, long totalElements, int totalPages) {

    static DatasetPage of(Page<Dataset> page) {
        return new DatasetPage(page.getContent().stream().map(DatasetResponse::of).toList(), page.getNumber(),
                page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
