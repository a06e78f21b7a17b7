package io.metadiv.diversity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The globals a pickle names, read opcode by opcode without unpickling: GLOBAL is how a pickle reaches a Python (or
 * TorchScript) callable or class. Opcodes that reach one another way (STACK_GLOBAL, INST, OBJ, NEWOBJ_EX, the EXT
 * registry) are refused outright; torch.jit.save writes none of them.
 */
final class PickleGlobals {

    private PickleGlobals() {
    }

    /**
     * Every GLOBAL of the pickle, as {@code module.name}, in order.
     *
     * @throws IllegalArgumentException naming an opcode that is refused or a pickle that ends before STOP
     */
    static List<String> of(byte[] pickle) {
        List<String> globals = new ArrayList<>();
        int at = 0;
        while (at < pickle.length) {
            int op = pickle[at++] & 0xff;
            switch (op) {
                case '.' -> {
                    return globals; // STOP: what follows is never read
                }
                case '(', '0', '1', '2', 'N', 'Q', 'R', 'a', 'b', 'd', '}', 'e', 'l', ']', 's', 't', ')', 'u',
                        0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x94, 0x97, 0x98 -> {
                }
                case 'K', 'h', 'q', 0x80 -> at += 1;
                case 'U', 'C', 0x8c, 0x8a -> at = skipCounted(pickle, at, 1);
                case 'M' -> at += 2;
                case 'J', 'j', 'r' -> at += 4;
                case 'G', 0x95 -> at += 8;
                case 'T', 'X', 'B', 0x8b -> at = skipCounted(pickle, at, 4);
                case 0x8d, 0x8e, 0x96 -> at = skipCounted(pickle, at, 8);
                case 'I', 'L', 'S', 'V', 'F', 'g', 'p', 'P' -> at = lineEnd(pickle, at) + 1;
                case 'c' -> {
                    int moduleEnd = lineEnd(pickle, at);
                    int nameEnd = lineEnd(pickle, moduleEnd + 1);
                    globals.add(text(pickle, at, moduleEnd) + "." + text(pickle, moduleEnd + 1, nameEnd));
                    at = nameEnd + 1;
                }
                case 0x93 -> throw new IllegalArgumentException("STACK_GLOBAL (a global named by strings on the stack)");
                case 'i', 'o', 0x92 -> throw new IllegalArgumentException("INST/OBJ/NEWOBJ_EX (object construction "
                        + "torch.jit.save never writes)");
                case 0x82, 0x83, 0x84 -> throw new IllegalArgumentException("EXT (the copyreg extension registry)");
                default -> throw new IllegalArgumentException("unknown pickle opcode 0x" + Integer.toHexString(op));
            }
        }
        throw new IllegalArgumentException("the pickle ends without STOP");
    }

    /** Skips an argument whose length comes first, in {@code width} little-endian bytes (1, 4 or 8). */
    private static int skipCounted(byte[] p, int at, int width) {
        if (at + width > p.length) {
            throw new IllegalArgumentException("the pickle ends inside an opcode");
        }
        long length = 0;
        for (int i = width - 1; i >= 0; i--) {
            length = (length << 8) | (p[at + i] & 0xff);
        }
        if (length < 0 || length > p.length - at - width) {
            throw new IllegalArgumentException("a pickle string runs past the end");
        }
        return at + width + (int) length;
    }

    private static int lineEnd(byte[] p, int from) {
        for (int i = from; i < p.length; i++) {
            if (p[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("the pickle ends inside a text argument");
    }

    private static String text(byte[] p, int from, int to) {
        return new String(p, from, to - from, StandardCharsets.UTF_8);
    }
}
