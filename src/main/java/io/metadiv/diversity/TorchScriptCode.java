package io.metadiv.diversity;

import io.metadiv.diversity.TorchScriptLines.Line;
import io.metadiv.diversity.TorchScriptLines.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes and functions of a TorchScript archive's code files, in the layout torch.jit.save prints: top-level
 * {@code class} and {@code def} blocks; a class body of member declarations ({@code name : Type},
 * {@code name : Final[T] = value}, {@code __annotations__["0"] = Type}, {@code __parameters__ = [...]}) and
 * methods. A file {@code code/__torch__/a/b.py} defines {@code __torch__.a.b.Name}, as libtorch's importer resolves
 * it. Other layouts are refused: the checks downstream rely on reading the code exactly as libtorch will.
 */
final class TorchScriptCode {

    /** Superclasses libtorch's importer knows; Enum is left out (no probe needs one). */
    private static final Set<String> SUPERCLASSES = Set.of("Module", "NamedTuple", "Interface", "ModuleInterface");
    private static final Set<String> LIST_MEMBERS = Set.of("__parameters__", "__buffers__", "__forward_hooks__",
            "__forward_pre_hooks__");

    /**
     * A function or method.
     *
     * @param qualifiedName e.g. {@code __torch__.SmallCnn.forward}
     * @param entry archive entry of its file
     * @param header its {@code def} line
     * @param params parameters, in order
     * @param body its statements' lines
     * @param owner its class, or null for a free function
     */
    record Function(String qualifiedName, String entry, Line header, List<Param> params, List<Line> body,
            ClassDef owner) {
    }

    /**
     * A parameter.
     *
     * @param name its name
     * @param type its annotation's tokens (empty when none)
     * @param defaultValue its default's tokens (empty when none)
     */
    record Param(String name, List<Token> type, List<Token> defaultValue) {
    }

    /** A class: its members by name, and the lines declaring them. */
    static final class ClassDef {
        final String qualifiedName;
        final String entry;
        final Line header;
        final Map<String, List<Token>> attributes = new LinkedHashMap<>();
        final Set<String> constants = new HashSet<>();
        final Map<String, Function> methods = new LinkedHashMap<>();
        final List<Line> declarations = new ArrayList<>();

        ClassDef(String qualifiedName, String entry, Line header) {
            this.qualifiedName = qualifiedName;
            this.entry = entry;
            this.header = header;
        }
    }

    final Map<String, ClassDef> classes = new LinkedHashMap<>();
    final Map<String, Function> functions = new LinkedHashMap<>();

    /**
     * Adds one code file.
     *
     * @param entry its archive entry, e.g. {@code m/code/__torch__/torch/nn/functional.py}
     * @param qualifier the qualified name it defines names under, e.g. {@code __torch__.torch.nn.functional}
     * @throws IllegalArgumentException naming the line whose layout is not what torch.jit.save prints
     */
    void add(String entry, String qualifier, List<Line> lines) {
        int i = 0;
        while (i < lines.size()) {
            Line line = lines.get(i);
            if (line.indent() != 0) {
                throw layout(line, "an indented line outside a class or function");
            }
            int end = blockEnd(lines, i, 0);
            List<Token> t = line.tokens();
            if (t.get(0).isName("class")) {
                addClass(entry, qualifier, line, lines.subList(i + 1, end));
            } else if (t.get(0).isName("def")) {
                Function f = function(entry, qualifier, line, lines.subList(i + 1, end), null);
                define(functions, f.qualifiedName(), f, line);
            } else {
                throw layout(line, "a top-level statement other than class or def");
            }
            i = end;
        }
    }

    private void addClass(String entry, String qualifier, Line header, List<Line> body) {
        List<Token> t = header.tokens();
        boolean plain = t.size() == 3 && t.get(2).is(":");
        boolean derived = t.size() == 6 && t.get(2).is("(") && t.get(3).isName() && t.get(4).is(")")
                && t.get(5).is(":");
        if (!t.get(1).isName() || !plain && !derived) {
            throw layout(header, "a class header other than 'class Name(Base):'");
        }
        if (derived && !SUPERCLASSES.contains(t.get(3).text())) {
            throw layout(header, "a class deriving from " + t.get(3).text());
        }
        ClassDef c = new ClassDef(qualifier + "." + t.get(1).text(), entry, header);
        if (body.isEmpty()) {
            throw layout(header, "a class without a body");
        }
        int memberIndent = body.get(0).indent();
        int i = 0;
        while (i < body.size()) {
            Line line = body.get(i);
            if (line.indent() != memberIndent) {
                throw layout(line, "a class member indented unlike the others");
            }
            int end = blockEnd(body, i, memberIndent);
            if (line.tokens().get(0).isName("def")) {
                Function m = function(entry, c.qualifiedName, line, body.subList(i + 1, end), c);
                define(c.methods, m.qualifiedName().substring(c.qualifiedName.length() + 1), m, line);
            } else if (end != i + 1) {
                throw layout(line, "an indented block under a class member");
            } else {
                declare(c, line);
            }
            i = end;
        }
        define(classes, c.qualifiedName, c, header);
    }

    /** A member declaration of a class body. */
    private static void declare(ClassDef c, Line line) {
        List<Token> t = line.tokens();
        c.declarations.add(line);
        if (t.size() >= 3 && t.get(0).isName() && LIST_MEMBERS.contains(t.get(0).text()) && t.get(1).is("=")) {
            return; // a list of names, checked to be strings only by TorchScriptCodeCheck
        }
        if (t.size() >= 6 && t.get(0).isName("__annotations__") && t.get(1).is("[")
                && t.get(2).kind() == TorchScriptLines.Kind.STRING && t.get(3).is("]") && t.get(4).is("=")) {
            c.attributes.put(unquote(t.get(2).text()), t.subList(5, t.size()));
            return;
        }
        if (t.size() >= 3 && t.get(0).isName() && t.get(1).is(":")) {
            int eq = indexOf(t, "=", 2);
            if (eq < 0) {
                c.attributes.put(t.get(0).text(), t.subList(2, t.size()));
            } else {
                c.constants.add(t.get(0).text());
            }
            return;
        }
        throw layout(line, "a class member other than an attribute, a constant or a method");
    }

    private static Function function(String entry, String qualifier, Line header, List<Line> body,
            ClassDef owner) {
        List<Token> t = header.tokens();
        if (t.size() < 5 || !t.get(1).isName() || !t.get(2).is("(") || !t.get(t.size() - 1).is(":")) {
            throw layout(header, "a def header other than 'def name(params) -> Type:'");
        }
        int close = matching(t, 2);
        if (close != t.size() - 2 && !(t.get(close + 1).is("->") && close + 2 < t.size() - 1)) {
            throw layout(header, "a def header other than 'def name(params) -> Type:'");
        }
        if (body.isEmpty()) {
            throw layout(header, "a def without a body on the following lines");
        }
        List<Param> params = new ArrayList<>();
        for (List<Token> p : splitTopLevel(t.subList(3, close))) {
            if (p.isEmpty() || !p.get(0).isName()) {
                throw layout(header, "a parameter other than 'name: Type[=default]'");
            }
            int eq = indexOf(p, "=", 1);
            List<Token> type = p.size() > 1 && p.get(1).is(":") ? p.subList(2, eq < 0 ? p.size() : eq) : List.of();
            if (p.size() > 1 && !p.get(1).is(":") && !p.get(1).is("=")) {
                throw layout(header, "a parameter other than 'name: Type[=default]'");
            }
            params.add(new Param(p.get(0).text(), type, eq < 0 ? List.of() : p.subList(eq + 1, p.size())));
        }
        return new Function(qualifier + "." + t.get(1).text(), entry, header, List.copyOf(params), List.copyOf(body),
                owner);
    }

    /** Index past the block that starts at {@code i}: the following lines indented deeper than {@code indent}. */
    private static int blockEnd(List<Line> lines, int i, int indent) {
        int end = i + 1;
        while (end < lines.size() && lines.get(end).indent() > indent) {
            end++;
        }
        return end;
    }

    private static <T> void define(Map<String, T> names, String name, T value, Line line) {
        if (names.putIfAbsent(name, value) != null) {
            throw layout(line, "a second definition of " + name);
        }
    }

    /** Index of the bracket closing the one at {@code open}. */
    static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            String s = t.get(i).kind() == TorchScriptLines.Kind.OP ? t.get(i).text() : "";
            if (s.equals("(") || s.equals("[") || s.equals("{")) {
                depth++;
            } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced brackets");
    }

    /** The first {@code op} outside brackets at or after {@code from}, or -1. */
    static int indexOf(List<Token> t, String op, int from) {
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.is("(") || k.is("[") || k.is("{")) {
                depth++;
            } else if (k.is(")") || k.is("]") || k.is("}")) {
                depth--;
            } else if (depth == 0 && k.is(op)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas outside brackets; a trailing comma gives no empty part. */
    static List<List<Token>> splitTopLevel(List<Token> t) {
        List<List<Token>> parts = new ArrayList<>();
        int from = 0;
        int comma;
        while ((comma = indexOf(t, ",", from)) >= 0) {
            parts.add(t.subList(from, comma));
            from = comma + 1;
        }
        if (from < t.size()) {
            parts.add(t.subList(from, t.size()));
        }
        return parts;
    }

    static String unquote(String string) {
        return string.substring(1, string.length() - 1);
    }

    private static IllegalArgumentException layout(Line line, String what) {
        return new IllegalArgumentException("line " + line.number() + ": " + what
                + " is not code that torch.jit.save writes");
    }
}
