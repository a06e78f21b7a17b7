package io.metadiv.limits;

import io.metadiv.web.Caller;
import io.metadiv.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every upload against its key's {@link UploadRate} and refuses one over the rate with 429 before its body is
 * read: this servlet filter runs after the security chain (which found the key) and before the dispatcher parses a
 * multipart body. An upload that then fails (a broken archive) still counts: its body was read.
 */
@Component
class UploadRateFilter extends OncePerRequestFilter {

    private final UploadRate rate;

    UploadRateFilter(UploadRate rate) {
        this.rate = rate;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !Uploads.isUpload(request.getMethod(), request.getRequestURI(), request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            rate.take(Caller.name());
        } catch (LimitExceededException e) {
            ProblemResponses.write(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
