package io.metadiv.security;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Revoking the last valid admin key would leave nobody able to manage keys: 409. */
class LastAdminKeyException extends ErrorResponseException {

    LastAdminKeyException(UUID id) {
        super(HttpStatus.CONFLICT, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "API key " + id
                + " is the last valid ADMIN key: create another ADMIN key first, then revoke this one");
        problem.setTitle("Last admin key");
        problem.setProperty("keyId", id);
        return problem;
    }
}
