package io.metadiv.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who calls, for what is counted per API key (uploads, jobs): the key's id as the security filter found it, kept in
 * a request attribute so features read it without depending on the security package. With keys disabled (open
 * access: embedded database, loopback) there is no key, and every caller is the one {@value #ANONYMOUS} caller.
 */
public final class Caller {

    /** The one caller of open access, whose limits every request without a key shares. */
    public static final String ANONYMOUS = "anonymous";
    private static final String KEY_ID = Caller.class.getName() + ".keyId";

    private Caller() {
    }

    /** The request was made with the key {@code keyId}. */
    public static void keyIs(HttpServletRequest request, UUID keyId) {
        request.setAttribute(KEY_ID, keyId);
    }

    /** The calling key's id; null with open access or outside a request. */
    public static UUID keyId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? null : (UUID) request.getAttribute(KEY_ID, RequestAttributes.SCOPE_REQUEST);
    }

    /** The calling key's id as text, or {@value #ANONYMOUS}: what limits count under. */
    public static String name() {
        UUID key = keyId();
        return key == null ? ANONYMOUS : key.toString();
    }
}
