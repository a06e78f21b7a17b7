package io.metadiv.job;

/**
 * Thrown by a {@link JobHandler} for a failure no retry can change (its input does not fit, a time limit was passed):
 * the job is FAILED at once, with this type and message, whatever attempts remain.
 */
public final class PermanentJobFailure extends RuntimeException {

    private final String type;

    /**
     * @param type the error type the job records, e.g. {@code TimeLimit}
     * @param message what went wrong, for the user
     */
    public PermanentJobFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    /** The error type the job records. */
    public String type() {
        return type;
    }
}
