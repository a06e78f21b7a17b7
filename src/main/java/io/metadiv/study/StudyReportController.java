package io.metadiv.study;

import io.metadiv.experiment.CodeVersion;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The study report for people: {@code GET /studies/{id}}, server-rendered HTML (Thymeleaf template
 * {@code templates/study-report.html}, every value escaped), self-contained (inline CSS, the plot from
 * {@code /api/v1/studies/{id}/plot.svg}) so that it renders offline and prints. Not part of the REST API, so not
 * in the OpenAPI document; served, like the API, only by processes with the api role. An unknown id is an HTML
 * 404, a malformed one an HTML 400.
 */
@Controller
@Hidden
class StudyReportController {

    static final String PATH = "/studies/{id}";

    private final Studies studies;
    private final CodeVersion code;

    StudyReportController(Studies studies, CodeVersion code) {
        this.studies = studies;
        this.code = code;
    }

    @GetMapping(PATH)
    ModelAndView report(@PathVariable UUID id) {
        return new ModelAndView("study-report", "report", StudyReport.of(studies.get(id), code.value()));
    }

    /** No such study (from {@link Studies#get}). */
    @ExceptionHandler(StudyNotFoundException.class)
    ModelAndView notFound(StudyNotFoundException e) {
        String detail = e.getBody().getDetail();
        return problem(e.getStatusCode(), e.getBody().getTitle(), detail == null ? "" : detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView malformed(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Not a study id", "'" + e.getValue() + "' is not a study id: a "
                + "study id is a UUID such as " + new UUID(0, 0) + ", as POST /api/v1/studies returns it");
    }

    private static ModelAndView problem(HttpStatusCode status, String title, String detail) {
        ModelAndView page = new ModelAndView("study-report-problem", status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("detail", detail);
        return page;
    }
}
