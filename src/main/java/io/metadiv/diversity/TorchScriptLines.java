package io.metadiv.diversity;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical lines of a TorchScript source file (the Python subset torch.jit.save prints), as tokens: names,
 * numbers, strings, operators. Lines continue inside brackets, as in Python. Characters the TorchScript lexer would
 * not read as such tokens are refused rather than guessed at, and so are comments and ';' (torch.jit.save writes
 * neither, and a {@code # type:} comment is a signature to the TorchScript parser).
 */
final class TorchScriptLines {

    enum Kind { NAME, NUMBER, STRING, OP }

    /** One token; {@code text} is the source text (strings with their quotes). */
    record Token(Kind kind, String text) {

        boolean is(String op) {
            return kind == Kind.OP && text.equals(op);
        }

        boolean isName() {
            return kind == Kind.NAME;
        }

        boolean isName(String name) {
            return kind == Kind.NAME && text.equals(name);
        }
    }

    /**
     * One logical line.
     *
     * @param number source line where it starts (1-based)
     * @param indent spaces before its first token
     * @param tokens its tokens
     */
    record Line(int number, int indent, List<Token> tokens) {
    }

    private static final String[] OPERATORS = {"**=", "//=", ">>=", "<<=", "->", "**", "//", "==", "!=", "<=", ">=",
        "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "(", ")", "[", "]", "{", "}", ",", ":", ".",
        "+", "-", "*", "/", "%", "<", ">", "=", "~", "^", "&", "|", "@"};

    private final String src;
    private final List<Line> lines = new ArrayList<>();
    private int at;
    private int lineNumber = 1;

    private TorchScriptLines(String src) {
        this.src = src;
    }

    /**
     * Splits a source into logical lines.
     *
     * @throws IllegalArgumentException naming the line of a character or construct it does not read
     */
    static List<Line> of(String src) {
        TorchScriptLines lexer = new TorchScriptLines(src);
        lexer.read();
        return lexer.lines;
    }

    private void read() {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int indent = 0;
        int start = 1;
        boolean lineStart = true;
        while (at < src.length()) {
            char c = src.charAt(at);
            if (lineStart) {
                int spaces = 0;
                while (at < src.length() && src.charAt(at) == ' ') {
                    spaces++;
                    at++;
                }
                if (at < src.length() && src.charAt(at) == '\t') {
                    throw error("tab indentation");
                }
                indent = spaces;
                start = lineNumber;
                lineStart = false;
                continue;
            }
            if (c == '\n') {
                at++;
                lineNumber++;
                if (depth == 0) {
                    if (!tokens.isEmpty()) {
                        lines.add(new Line(start, indent, List.copyOf(tokens)));
                        tokens.clear();
                    }
                    lineStart = true;
                }
            } else if (c == ' ' || c == '\r' || c == '\f') {
                at++;
            } else if (c == '#') {
                // the TorchScript parser reads '# type:' comments as signatures; torch.jit.save writes no comment
                throw error("a comment");
            } else if (c == '\\' && at + 1 < src.length() && src.charAt(at + 1) == '\n') {
                at += 2;
                lineNumber++;
            } else if (c == '"' || c == '\'') {
                tokens.add(new Token(Kind.STRING, string(c)));
            } else if (Character.isDigit(c) || c == '.' && at + 1 < src.length()
                    && Character.isDigit(src.charAt(at + 1))) {
                tokens.add(new Token(Kind.NUMBER, number()));
            } else if (c < 128 && (Character.isLetter(c) || c == '_')) {
                int from = at;
                while (at < src.length() && src.charAt(at) < 128
                        && (Character.isLetterOrDigit(src.charAt(at)) || src.charAt(at) == '_')) {
                    at++;
                }
                if (at < src.length() && (src.charAt(at) == '"' || src.charAt(at) == '\'')) {
                    throw error("a string prefix");
                }
                tokens.add(new Token(Kind.NAME, src.substring(from, at)));
            } else {
                String op = operator();
                depth += "([{".contains(op) ? 1 : ")]}".contains(op) ? -1 : 0;
                if (depth < 0) {
                    throw error("an unbalanced '" + op + "'");
                }
                tokens.add(new Token(Kind.OP, op));
            }
        }
        if (depth != 0) {
            throw error("an unclosed bracket");
        }
        if (!tokens.isEmpty()) {
            lines.add(new Line(start, indent, List.copyOf(tokens)));
        }
    }

    private String string(char quote) {
        int from = at;
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), at);
        String close = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        at += close.length();
        while (at < src.length()) {
            char c = src.charAt(at);
            if (c == '\\') {
                at += 2;
                continue;
            }
            if (src.startsWith(close, at)) {
                at += close.length();
                return src.substring(from, at);
            }
            if (c == '\n') {
                if (!triple) {
                    throw error("an unterminated string");
                }
                lineNumber++;
            }
            at++;
        }
        throw error("an unterminated string");
    }

    private String number() {
        int from = at;
        while (at < src.length()) {
            char c = src.charAt(at);
            char previous = src.charAt(at - 1 >= from ? at - 1 : from);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_'
                    || (c == '+' || c == '-') && at > from && (previous == 'e' || previous == 'E')) {
                at++;
            } else {
                break;
            }
        }
        return src.substring(from, at);
    }

    private String operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, at)) {
                at += op.length();
                return op;
            }
        }
        throw error("the character '" + src.charAt(at) + "'");
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("line " + lineNumber + ": " + what + " is not TorchScript that "
                + "torch.jit.save writes");
    }
}
