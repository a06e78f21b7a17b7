package io.metadiv.security;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No key with this id: 404. */
class ApiKeyNotFoundException extends ErrorResponseException {

    ApiKeyNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No API key with id " + id);
        problem.setTitle("API key not found");
        problem.setProperty("keyId", id);
        return problem;
    }
}
