package io.metadiv.study;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No study with this id: 404. */
class StudyNotFoundException extends ErrorResponseException {

    StudyNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No study with id " + id);
        problem.setTitle("Study not found");
        problem.setProperty("studyId", id);
        return problem;
    }
}
