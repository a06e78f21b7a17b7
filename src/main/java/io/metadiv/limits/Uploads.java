package io.metadiv.limits;

import java.util.Locale;

/**
 * What counts as an upload: a POST under {@code /api/} whose body is a file rather than JSON (multipart/form-data
 * today: datasets, their versions, probe models). Decided by method, path and content type only, so an upload
 * endpoint added later is counted without a change here; the OpenAPI document declares the 429 by the same rule.
 */
public final class Uploads {

    private Uploads() {
    }

    /** Whether a request is an upload. */
    public static boolean isUpload(String method, String path, String contentType) {
        return "POST".equals(method) && path != null && path.startsWith("/api/") && isFileBody(contentType);
    }

    /** Whether a request body of this content type is a file (anything but JSON; none is no body). */
    public static boolean isFileBody(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return !type.equals("application/json") && !type.endsWith("+json");
    }
}
