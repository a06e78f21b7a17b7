package io.metadiv.probe;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The 4xx answers of the probe-model endpoints, each a ProblemDetail with its own title. */
public final class ProbeModelProblem extends ErrorResponseException {

    private ProbeModelProblem(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** 404: no such model. */
    static ProbeModelProblem notFound(UUID id) {
        ProbeModelProblem p = new ProbeModelProblem(HttpStatus.NOT_FOUND, "Probe model not found",
                "No probe model with id " + id);
        p.getBody().setProperty("probeModelId", id);
        return p;
    }

    /** 415: the upload is not a TorchScript archive at all. */
    static ProbeModelProblem notAnArchive() {
        return new ProbeModelProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported probe model content",
                "Part 'file' is not a TorchScript archive (torch.jit.save writes a ZIP file)");
    }

    /** 422: an archive libtorch cannot use as a probe. */
    static ProbeModelProblem unusable(String why) {
        return new ProbeModelProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Unusable probe model", why);
    }

    /** 409: active scores still use the model. */
    static ProbeModelProblem inUse(UUID id, List<String> references) {
        ProbeModelProblem p = new ProbeModelProblem(HttpStatus.CONFLICT, "Probe model in use",
                "Probe model " + id + " is still used by: " + String.join(", ", references));
        p.getBody().setProperty("references", references);
        return p;
    }
}
