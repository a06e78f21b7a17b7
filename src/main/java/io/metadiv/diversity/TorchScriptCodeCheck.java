package io.metadiv.diversity;

import io.metadiv.diversity.TorchScriptCode.ClassDef;
import io.metadiv.diversity.TorchScriptCode.Function;
import io.metadiv.diversity.TorchScriptCode.Param;
import io.metadiv.diversity.TorchScriptLines.Kind;
import io.metadiv.diversity.TorchScriptLines.Line;
import io.metadiv.diversity.TorchScriptLines.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every name the code of an archive uses against {@link TorchScriptAllowList}, the way libtorch's compiler
 * will resolve it: {@code torch.X} and {@code ops.NS.X} are operators; {@code __torch__.…} must name a class or
 * function of the archive itself; a bare name is a builtin or a local. A member {@code v.X} of a value is the
 * member of one of the model's classes only where the value is known to be an instance of it (a parameter or
 * attribute typed so, {@code getattr(module, "0")} of a Sequential); on any other value libtorch looks X up as a
 * tensor method, so X must be an allowed operation there too.
 */
final class TorchScriptCodeCheck {

    /** Python statements the TorchScript parser reads but torch.jit.save never writes. */
    private static final Set<String> REFUSED_KEYWORDS = Set.of("import", "from", "lambda", "with", "global",
            "nonlocal", "del", "yield", "async", "await", "try", "except", "finally", "as");
    /** Reserved names that {@link #resolve} checks with what follows them. */
    private static final Set<String> RESOLVED_LATER = Set.of("torch", "ops", "CONSTANTS", "__torch__", "getattr");
    private static final Set<String> NAME_LISTS = Set.of("__parameters__", "__buffers__", "__forward_hooks__",
            "__forward_pre_hooks__");

    /** Where a refused name was found. */
    private record Where(String entry, int line, String function) {

        @Override
        public String toString() {
            return entry + " line " + line + (function == null ? "" : ", in " + function);
        }
    }

    /** One assignment to a local: its right-hand side (null when the value's type is not followed). */
    private record Binding(List<Token> value, Where where) {
    }

    private final TorchScriptCode code;

    TorchScriptCodeCheck(TorchScriptCode code) {
        this.code = code;
    }

    /**
     * Checks every class and function.
     *
     * @throws UnsafeModelException naming the first refused name, its entry, line and function
     */
    void check() {
        for (ClassDef c : code.classes.values()) {
            Where at = new Where(c.entry, c.header.number(), c.qualifiedName);
            if (c.qualifiedName.startsWith("__torch__.torch.classes.")) {
                throw refuse(c.qualifiedName, at, "it defines a class in the custom-class namespace torch.classes, "
                        + "which libtorch replaces by the C++ class of that name");
            }
            if (c.qualifiedName.contains(".quantized.")) {
                throw refuse(c.qualifiedName, at, "quantized modules are refused (libtorch gives their packed "
                        + "weights a custom C++ class)");
            }
        }
        for (ClassDef c : code.classes.values()) {
            for (Line line : c.declarations) {
                checkDeclaration(c, line);
            }
            c.methods.values().forEach(this::checkFunction);
        }
        code.functions.values().forEach(this::checkFunction);
    }

    private void checkDeclaration(ClassDef c, Line line) {
        List<Token> t = line.tokens();
        Where at = new Where(c.entry, line.number(), c.qualifiedName);
        if (NAME_LISTS.contains(t.get(0).text())) {
            for (Token k : t.subList(2, t.size())) {
                if (k.kind() != Kind.STRING && !k.is("[") && !k.is("]") && !k.is(",")) {
                    throw refuse(t.get(0).text(), at, "it is not a list of names");
                }
            }
            return;
        }
        int from = t.get(0).isName("__annotations__") ? 5 : 2;
        checkTokens(t.subList(from, t.size()), Set.of(), null, at);
    }

    private void checkFunction(Function f) {
        Scope scope = new Scope();
        Where head = new Where(f.entry(), f.header().number(), f.qualifiedName());
        for (Param p : f.params()) {
            bindable(p.name(), head);
            scope.params.put(p.name(), p.type());
            checkTokens(p.type(), Set.of(), null, head);
            checkTokens(p.defaultValue(), Set.of(), null, head);
        }
        List<Token> header = f.header().tokens();
        int arrow = TorchScriptCode.indexOf(header, "->", 0);
        if (arrow > 0) {
            checkTokens(header.subList(arrow + 1, header.size() - 1), Set.of(), null, head);
        }
        refusedBuiltins(f);
        Map<Line, Set<Integer>> targets = new HashMap<>();
        for (Line line : f.body()) {
            Where at = new Where(f.entry(), line.number(), f.qualifiedName());
            targets.put(line, bind(line, scope, at));
        }
        for (Line line : f.body()) {
            checkTokens(line.tokens(), targets.get(line), scope, new Where(f.entry(), line.number(),
                    f.qualifiedName()));
        }
    }

    /**
     * Refuses a builtin such as fork or print before anything else in the function, so the answer names it rather
     * than what it brings along (fork's closure).
     */
    private static void refusedBuiltins(Function f) {
        for (Line line : f.body()) {
            List<Token> t = line.tokens();
            for (int i = 0; i < t.size(); i++) {
                String name = t.get(i).text();
                boolean bare = t.get(i).isName() && (i == 0 || !t.get(i - 1).is("."))
                        && (i + 1 == t.size() || !t.get(i + 1).is("="));
                if (bare && TorchScriptAllowList.RESERVED.contains(name) && !TorchScriptAllowList.BUILTINS.contains(name)
                        && !TorchScriptAllowList.TYPES.contains(name) && !RESOLVED_LATER.contains(name)) {
                    throw refuse(name, new Where(f.entry(), line.number(), f.qualifiedName()), "the builtin " + name
                            + " is not on the probe allow-list");
                }
            }
        }
    }

    /**
     * Records the locals a statement binds.
     *
     * @return the token indices of its binding targets (names being assigned, not read)
     */
    private Set<Integer> bind(Line line, Scope scope, Where at) {
        List<Token> t = line.tokens();
        Token first = t.get(0);
        if (first.isName("def") || first.isName("class")) {
            throw refuse(first.text(), at, "a nested " + first.text() + " (a closure, as torch.jit.fork writes) "
                    + "is refused");
        }
        Set<Integer> targets = new HashSet<>();
        if (first.isName("for")) {
            for (int i = 1; i < t.size() && !t.get(i).isName("in"); i++) {
                if (t.get(i).isName()) {
                    scope.bind(t.get(i).text(), new Binding(null, at));
                    targets.add(i);
                } else if (!t.get(i).is(",")) {
                    throw refuse(t.get(i).text(), at, "a for target other than names");
                }
            }
            return targets;
        }
        int eq = TorchScriptCode.indexOf(t, "=", 0);
        if (eq < 0) {
            int augmented = firstAugmented(t);
            if (augmented == 1 && first.isName()) {
                scope.bind(first.text(), new Binding(null, at));
            }
            return targets;
        }
        if (TorchScriptCode.indexOf(t, "=", eq + 1) >= 0) {
            throw refuse("=", at, "chained assignment is not code torch.jit.save writes");
        }
        List<Token> value = t.subList(eq + 1, t.size());
        if (eq == 1 && first.isName()) {
            scope.bind(first.text(), new Binding(value, at));
            targets.add(0);
        } else if (eq > 2 && first.isName() && t.get(1).is(":")) {
            scope.bind(first.text(), new Binding(value, at));
            targets.add(0);
        } else if (isNameTuple(t.subList(0, eq))) {
            for (int i = 0; i < eq; i += 2) {
                scope.bind(t.get(i).text(), new Binding(null, at));
                targets.add(i);
            }
        }
        return targets;
    }

    private static int firstAugmented(List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).kind() == Kind.OP && t.get(i).text().length() >= 2 && t.get(i).text().endsWith("=")
                    && !t.get(i).is("==") && !t.get(i).is("!=") && !t.get(i).is("<=") && !t.get(i).is(">=")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameTuple(List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            if (i % 2 == 0 ? !t.get(i).isName() : !t.get(i).is(",")) {
                return false;
            }
        }
        return !t.isEmpty();
    }

    /** A local may not take a name libtorch resolves first (a builtin, a type, a keyword). */
    void bindable(String name, Where at) {
        if (TorchScriptAllowList.RESERVED.contains(name) || TorchScriptAllowList.TYPES.contains(name)
                || TorchScriptAllowList.KEYWORDS.contains(name) || REFUSED_KEYWORDS.contains(name)) {
            throw refuse(name, at, "a local or parameter may not be named " + name + ", a name libtorch resolves "
                    + "as a builtin");
        }
    }

    /** Checks every name in the tokens; {@code skip} holds the indices of binding targets. */
    private void checkTokens(List<Token> t, Set<Integer> skip, Scope scope, Where at) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.is("(") || k.is("[") || k.is("{")) {
                depth++;
            } else if (k.is(")") || k.is("]") || k.is("}")) {
                depth--;
            }
            if (k.isName() && (i == 0 || !t.get(i - 1).is(".")) && !skip.contains(i)) {
                String name = k.text();
                if (REFUSED_KEYWORDS.contains(name)) {
                    throw refuse(name, at, "the statement '" + name + "' is not code torch.jit.save writes");
                }
                if (TorchScriptAllowList.KEYWORDS.contains(name)
                        || depth > 0 && i + 1 < t.size() && t.get(i + 1).is("=")) {
                    continue; // a keyword, or a keyword argument's name
                }
                if (name.equals("getattr")) {
                    getattrType(t, i, scope, at);
                    continue; // its arguments are checked as the loop goes on
                }
                List<String> chain = chainAt(t, i, at);
                resolve(chain, scope, at);
                i += 2 * (chain.size() - 1);
            } else if (k.is(".")) {
                if (i == 0) {
                    throw refuse(".", at, "an attribute access without a value");
                }
                ClassDef receiver = postfixReceiver(t, i - 1, scope, at);
                List<String> chain = chainAt(t, i + 1, at);
                members(receiver, chain, at);
                i += 2 * chain.size() - 1;
            }
        }
    }

    /** The names of {@code a.b.c} starting at {@code i}. */
    private static List<String> chainAt(List<Token> t, int i, Where at) {
        if (i >= t.size() || !t.get(i).isName()) {
            throw refuse(".", at, "an attribute access without a name");
        }
        List<String> chain = new ArrayList<>(List.of(t.get(i).text()));
        int j = i + 1;
        while (j + 1 < t.size() && t.get(j).is(".") && t.get(j + 1).isName()) {
            chain.add(t.get(j + 1).text());
            j += 2;
        }
        if (j < t.size() && t.get(j).is(".")) {
            throw refuse(".", at, "an attribute access without a name");
        }
        return chain;
    }

    /**
     * Resolves a chain of names starting with a bare name.
     *
     * @return the model class its value is an instance of, or null when that is not known
     */
    ClassDef resolve(List<String> chain, Scope scope, Where at) {
        String root = chain.get(0);
        String whole = String.join(".", chain);
        switch (root) {
            case "torch" -> {
                if (chain.size() > 1 && chain.get(1).equals("classes")) {
                    throw refuse(whole, at, "custom classes (torch.classes) are refused");
                }
                if (chain.size() > 1 && chain.get(1).equals("ops")) {
                    return operator(chain.subList(1, chain.size()), whole, at);
                }
                if (chain.size() != 2 || !TorchScriptAllowList.ATEN.contains(chain.get(1))) {
                    throw refuse(whole, at, "the operation is not on the probe allow-list");
                }
                return null;
            }
            case "ops" -> {
                return operator(chain, whole, at);
            }
            case "__torch__" -> {
                if (whole.startsWith("__torch__.torch.classes.")) {
                    throw refuse(whole, at, "custom classes (torch.classes) are refused");
                }
                if (code.classes.containsKey(whole)) {
                    return code.classes.get(whole);
                }
                if (code.functions.containsKey(whole)) {
                    return null;
                }
                throw refuse(whole, at, "it names no class or function the archive defines");
            }
            case "CONSTANTS" -> {
                if (chain.size() != 2 || !TorchScriptAllowList.CONSTANT.matcher(chain.get(1)).matches()) {
                    throw refuse(whole, at, "only CONSTANTS.c<n> (the archive's tensor constants) is readable");
                }
                return null;
            }
            default -> {
                if (TorchScriptAllowList.KEYWORDS.contains(root) && chain.size() == 1) {
                    return null; // True, False, None as a value
                }
                if (TorchScriptAllowList.BUILTINS.contains(root) || TorchScriptAllowList.TYPES.contains(root)) {
                    if (chain.size() > 1) {
                        throw refuse(whole, at, "an attribute of the builtin " + root);
                    }
                    return null;
                }
                if (TorchScriptAllowList.RESERVED.contains(root)) {
                    throw refuse(root, at, "the builtin " + root + " is not on the probe allow-list");
                }
                if (scope == null || !scope.bound(root)) {
                    throw refuse(root, at, "it is neither a local, a parameter nor an allowed builtin");
                }
                return members(scope.type(root), chain.subList(1, chain.size()), at);
            }
        }
    }

    /** {@code ops.NS.X}: only aten and prim operations of the allow-list. */
    private static ClassDef operator(List<String> chain, String whole, Where at) {
        if (chain.size() != 3) {
            throw refuse(whole, at, "the operation is not on the probe allow-list");
        }
        String namespace = chain.get(1);
        String name = chain.get(2);
        if (!namespace.equals("aten") && !namespace.equals("prim")) {
            throw refuse(whole, at, "it is a custom operator (namespace " + namespace + "); only aten and prim "
                    + "operations of the allow-list are accepted");
        }
        if (!(namespace.equals("aten") ? TorchScriptAllowList.ATEN : TorchScriptAllowList.PRIM).contains(name)) {
            throw refuse(whole, at, "the operation is not on the probe allow-list");
        }
        return null;
    }

    /**
     * Follows {@code .a.b} from a value: members of a known model class, else allowed tensor operations only.
     *
     * @return the model class of the last member's value, or null
     */
    private ClassDef members(ClassDef type, List<String> names, Where at) {
        ClassDef current = type;
        for (String name : names) {
            if (current != null && current.attributes.containsKey(name)) {
                current = annotated(current.attributes.get(name));
                continue;
            }
            if (current != null && (current.methods.containsKey(name) || current.constants.contains(name))) {
                current = null;
                continue;
            }
            if (!TorchScriptAllowList.ATEN.contains(name) && !TorchScriptAllowList.PROPERTIES.contains(name)) {
                throw refuse("." + name, at, current == null
                        ? "on a value not known to be one of the model's modules, ." + name + " is a tensor "
                                + "method, and not one on the probe allow-list"
                        : "it is no member of " + current.qualifiedName + ", so libtorch would look it up as a "
                                + "builtin method, and it is not one on the probe allow-list");
            }
            current = null;
        }
        return current;
    }

    /** The receiver of a member access after {@code )}, {@code ]} or a literal at {@code k}. */
    private ClassDef postfixReceiver(List<Token> t, int k, Scope scope, Where at) {
        if (!t.get(k).is(")")) {
            return null;
        }
        int open = openingBracket(t, k);
        Token before = open > 0 ? t.get(open - 1) : null;
        if (before != null && before.isName("getattr") && (open < 2 || !t.get(open - 2).is("."))) {
            return getattrType(t, open - 1, scope, at);
        }
        boolean call = before != null && (before.isName() && !TorchScriptAllowList.KEYWORDS.contains(before.text())
                || before.is(")") || before.is("]"));
        List<Token> inner = t.subList(open + 1, k);
        if (call || !isChain(inner)) {
            return null;
        }
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < inner.size(); i += 2) {
            chain.add(inner.get(i).text());
        }
        return resolve(chain, scope, at);
    }

    /**
     * {@code getattr(module, "name")}, as torch.jit.save prints a Sequential's or ModuleList's submodule: the only
     * form accepted (a getattr on anything else could reach any tensor method by its name).
     */
    private ClassDef getattrType(List<Token> t, int i, Scope scope, Where at) {
        if (i + 1 >= t.size() || !t.get(i + 1).is("(")) {
            throw refuse("getattr", at, "getattr is accepted only as getattr(module, \"name\")");
        }
        int close = TorchScriptCode.matching(t, i + 1);
        List<List<Token>> args = TorchScriptCode.splitTopLevel(t.subList(i + 2, close));
        if (args.size() != 2 || !isChain(args.get(0)) || args.get(1).size() != 1
                || args.get(1).get(0).kind() != Kind.STRING) {
            throw refuse("getattr", at, "getattr is accepted only as getattr(module, \"name\")");
        }
        List<String> chain = new ArrayList<>();
        for (int j = 0; j < args.get(0).size(); j += 2) {
            chain.add(args.get(0).get(j).text());
        }
        ClassDef module = resolve(chain, scope, at);
        String name = TorchScriptCode.unquote(args.get(1).get(0).text());
        if (module == null || !module.attributes.containsKey(name)) {
            throw refuse("getattr", at, "getattr is accepted only for a declared attribute of one of the model's "
                    + "modules, here " + name);
        }
        return annotated(module.attributes.get(name));
    }

    private static int openingBracket(List<Token> t, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            if (t.get(i).is(")") || t.get(i).is("]") || t.get(i).is("}")) {
                depth++;
            } else if ((t.get(i).is("(") || t.get(i).is("[") || t.get(i).is("{")) && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced brackets"); // the lexer balanced them
    }

    /** {@code a.b.c}: names joined by dots, nothing else. */
    static boolean isChain(List<Token> t) {
        if (t.size() % 2 == 0) {
            return false;
        }
        for (int i = 0; i < t.size(); i++) {
            if (i % 2 == 0 ? !t.get(i).isName() : !t.get(i).is(".")) {
                return false;
            }
        }
        return true;
    }

    /** The locals and parameters of one function, and what is known of their values' classes. */
    final class Scope {
        final Map<String, List<Token>> params = new HashMap<>();
        private final Map<String, List<Binding>> locals = new HashMap<>();
        private final Map<String, ClassDef> types = new HashMap<>();
        private final Set<String> resolving = new HashSet<>();

        void bind(String name, Binding binding) {
            bindable(name, binding.where());
            locals.computeIfAbsent(name, n -> new ArrayList<>()).add(binding);
        }

        boolean bound(String name) {
            return params.containsKey(name) || locals.containsKey(name);
        }

        /** The model class every value of the name is an instance of, or null when not one known class. */
        ClassDef type(String name) {
            if (types.containsKey(name)) {
                return types.get(name);
            }
            if (!resolving.add(name)) {
                return null;
            }
            ClassDef type = null;
            boolean first = true;
            if (params.containsKey(name)) {
                type = annotated(params.get(name));
                first = false;
            }
            for (Binding b : locals.getOrDefault(name, List.of())) {
                ClassDef t = b.value() == null ? null : valueType(b.value(), this, b.where());
                type = first || t == type ? t : null;
                first = false;
                if (type == null) {
                    break;
                }
            }
            resolving.remove(name);
            types.put(name, type);
            return type;
        }
    }

    /** The class of an assigned value, followed only through names and getattr. */
    private ClassDef valueType(List<Token> value, Scope scope, Where at) {
        if (isChain(value)) {
            List<String> chain = new ArrayList<>();
            for (int i = 0; i < value.size(); i += 2) {
                chain.add(value.get(i).text());
            }
            return resolve(chain, scope, at);
        }
        if (value.size() > 2 && value.get(0).isName("getattr") && value.get(1).is("(")
                && TorchScriptCode.matching(value, 1) == value.size() - 1) {
            return getattrType(value, 0, scope, at);
        }
        return null;
    }

    /** The model class an annotation names, or null. */
    ClassDef annotated(List<Token> type) {
        if (!isChain(type)) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < type.size(); i++) {
            name.append(type.get(i).text());
        }
        return code.classes.get(name.toString());
    }

    static UnsafeModelException refuse(String op, Where at, String why) {
        return new UnsafeModelException(op, at.entry(), "Probe model refused: it uses " + op + " (" + at + "): "
                + why + ". Uploaded models may use only the tensor and nn operations of CNN probes; file, storage, "
                + "memory, process, thread, RPC and custom operations are refused.");
    }
}
