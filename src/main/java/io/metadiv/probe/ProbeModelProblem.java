package io.metadiv.probe;

import io.metadiv.diversity.UnsafeModelException;
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

    /** 413: the archive is larger than {@code metadiv.probe.max-bytes}. */
    static ProbeModelProblem tooLarge(long size, long limit) {
        return new ProbeModelProblem(HttpStatus.CONTENT_TOO_LARGE, "Probe model too large", "The probe model is "
                + size + " bytes; the limit is " + limit + " bytes (metadiv.probe.max-bytes, METADIV_PROBE_MAX_BYTES)");
    }

    /** 422: the inspector refused the archive: an operation or pickled global outside the allow-list. */
    static ProbeModelProblem unsafe(UnsafeModelException e) {
        ProbeModelProblem p = new ProbeModelProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Unsafe probe model",
                e.getMessage());
        p.getBody().setProperty("op", e.op());
        if (e.entry() != null) {
            p.getBody().setProperty("entry", e.entry());
        }
        return p;
    }

    /** 409: active scores still use the model. */
    static ProbeModelProblem inUse(UUID id, List<String> references) {
        ProbeModelProblem p = new ProbeModelProblem(HttpStatus.CONFLICT, "Probe model in use",
                "Probe model " + id + " is still used by: " + String.join(", ", references));
        p.getBody().setProperty("references", references);
        return p;
    }
}
