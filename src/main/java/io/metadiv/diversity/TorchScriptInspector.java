package io.metadiv.diversity;

import io.metadiv.diversity.ModelArchive.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether an uploaded TorchScript archive may ever reach libtorch, by reading it, never loading it: a
 * TorchScript model is code, which libtorch compiles from the archive's {@code code/**.py} files and runs (a class's
 * {@code __setstate__} already while loading). Every code file is parsed and every name it uses checked against
 * {@link TorchScriptAllowList} ({@link TorchScriptCodeCheck}); every pickle ({@code data.pkl}, {@code constants.pkl},
 * {@code *.debug_pkl}) may name only torch's tensor rebuilders, storages and the archive's own classes.
 */
public final class TorchScriptInspector {

    private TorchScriptInspector() {
    }

    /**
     * The most an archive's entries may unpack to, in total: torch.jit.save stores weights as they are and deflates
     * only code (probe archives unpack to 0.9-1.6 times their size), while deflate can expand a thousandfold.
     */
    public static long maxUnpackedBytes(long archiveBytes) {
        return 4 * archiveBytes + (16L << 20);
    }

    /**
     * Inspects an archive written by {@code torch.jit.save}.
     *
     * @param archive the archive's bytes
     * @throws UnsafeModelException naming the refused operation or global and where it was found
     */
    public static void inspect(byte[] archive) {
        ModelArchive zip = ModelArchive.read(archive, maxUnpackedBytes(archive.length));
        String root = root(zip);
        TorchScriptCode code = new TorchScriptCode();
        List<Entry> pickles = new ArrayList<>();
        boolean data = false;
        for (Entry e : zip.entries()) {
            // miniz may match names ignoring case: classify them so too
            String lower = e.name().toLowerCase(Locale.ROOT);
            if (lower.endsWith(".py")) {
                if (!e.name().startsWith(root + "code/")) {
                    throw archive(e.name(), "a source file outside " + root + "code/");
                }
                String path = e.name().substring(root.length() + "code/".length(), e.name().length() - 3);
                try {
                    code.add(e.name(), path.replace('/', '.'), TorchScriptLines.of(utf8(zip.content(e), e)));
                } catch (UnsafeModelException ex) {
                    throw ex;
                } catch (IllegalArgumentException ex) {
                    throw new UnsafeModelException("code", e.name(), "Probe model refused: " + e.name() + " "
                            + ex.getMessage());
                }
            } else if (lower.endsWith(".pkl") || lower.endsWith(".debug_pkl")) {
                pickles.add(e);
                data |= lower.equals(root + "data.pkl");
            } else if (lower.endsWith("model.json")) {
                throw archive(e.name(), "the legacy (model.json) archive format");
            }
        }
        if (!data) {
            throw archive(null, "no " + root + "data.pkl, so not a TorchScript module");
        }
        new TorchScriptCodeCheck(code).check();
        for (Entry e : pickles) {
            checkPickle(e, zip.content(e), code);
        }
    }

    /** The folder every entry lies in, with its slash: libtorch reads records under the first entry's folder. */
    private static String root(ModelArchive zip) {
        if (zip.entries().isEmpty()) {
            throw archive(null, "an empty archive");
        }
        String first = zip.entries().get(0).name();
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw archive(first, "an entry outside the archive's folder");
        }
        String root = first.substring(0, slash + 1);
        for (Entry e : zip.entries()) {
            if (!e.name().startsWith(root)) {
                throw archive(e.name(), "an entry outside the archive's folder " + root);
            }
        }
        return root;
    }

    private static void checkPickle(Entry e, byte[] pickle, TorchScriptCode code) {
        List<String> globals;
        try {
            globals = PickleGlobals.of(pickle);
        } catch (IllegalArgumentException ex) {
            throw new UnsafeModelException("pickle", e.name(), "Probe model refused: the pickle " + e.name()
                    + " uses " + ex.getMessage() + ".");
        }
        for (String global : globals) {
            boolean ownClass = global.startsWith("__torch__.") && !global.startsWith("__torch__.torch.classes.")
                    && code.classes.containsKey(global);
            if (!ownClass && !TorchScriptAllowList.PICKLE_GLOBALS.contains(global)) {
                throw new UnsafeModelException("GLOBAL " + global, e.name(), "Probe model refused: the pickle "
                        + e.name() + " names the global " + global + "; a model's pickles may name only torch's "
                        + "tensor rebuilders and storages and the archive's own classes.");
            }
        }
    }

    private static String utf8(byte[] bytes, Entry e) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException ex) {
            throw archive(e.name(), "a source file that is not UTF-8");
        }
    }

    private static UnsafeModelException archive(String entry, String what) {
        return new UnsafeModelException("zip archive", entry, "Refused TorchScript archive: it has " + what + ".");
    }
}
