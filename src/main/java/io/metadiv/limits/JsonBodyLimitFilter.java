package io.metadiv.limits;

import io.metadiv.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code metadiv.limits.json-body-max} for JSON bodies, which the servlet container reads without a limit (its
 * limits cover form and multipart bodies): a declared Content-Length over it is answered 413 unread; a chunked body
 * is counted as it is read and stops with 413 at the limit, so no JSON body is read into memory past it.
 */
@Component
class JsonBodyLimitFilter extends OncePerRequestFilter {

    private final long max;

    JsonBodyLimitFilter(LimitProperties limits) {
        this.max = limits.jsonBodyMax().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getContentType() == null || Uploads.isFileBody(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getContentLengthLong() > max) {
            ProblemResponses.write(request, response, new JsonBodyTooLargeException(max));
            return;
        }
        chain.doFilter(new Bounded(request, max), response);
    }

    /** The request with its body cut at {@code max} bytes: a read past it throws. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counted(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long max;
        private long read;

        Counted(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private int count(int n) {
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new JsonBodyTooLargeException(max);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
