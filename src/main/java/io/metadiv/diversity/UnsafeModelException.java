package io.metadiv.diversity;

/**
 * A TorchScript archive the {@link TorchScriptInspector} refuses: an operation outside the probe allow-list, a
 * pickled global outside torch's own, or an archive libtorch would read differently from the inspector.
 */
public final class UnsafeModelException extends IllegalArgumentException {

    private final String op;
    private final String entry;

    /**
     * @param op what was refused, e.g. {@code torch.from_file} or {@code GLOBAL posix.system}
     * @param entry the archive entry where it was found, or null for the archive as a whole
     * @param detail the whole explanation, naming the op, the entry and the method
     */
    UnsafeModelException(String op, String entry, String detail) {
        super(detail);
        this.op = op;
        this.entry = entry;
    }

    /** What was refused, e.g. {@code torch.from_file}. */
    public String op() {
        return op;
    }

    /** The archive entry where it was found, or null. */
    public String entry() {
        return entry;
    }
}
