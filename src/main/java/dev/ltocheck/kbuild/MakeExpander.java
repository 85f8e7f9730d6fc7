package dev.ltocheck.kbuild;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The part of GNU make that kbuild files use to name objects and their flags, evaluated without
 * running anything: variables ({@code = := ::= += ?=}, {@code export}, {@code define}), {@code $(VAR)}
 * and {@code ${VAR}}, substitution references, the text functions, {@code ifdef/ifndef/ifeq/ifneq}
 * and {@code include} (through a reader that stays inside the tree). What cannot be known without
 * running the tree's code ({@code $(shell)}, {@code $(eval)}, a {@code $(call)} of a function this
 * evaluation never saw) expands to nothing and makes the evaluation uncertain; a conditional that
 * depends on it takes both branches. Rules and recipes are skipped.
 */
public final class MakeExpander {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_LENGTH = 1 << 20;
    private static final int MAX_INCLUDES = 4;
    private static final int MAX_REASONS = 5;
    /** References expanded by one evaluator, at most: a hostile file cannot make it run for long. */
    private static final long MAX_STEPS = 5_000_000;

    private record Variable(String value, boolean recursive) {
    }

    /**
     * One assignment of the evaluated file, as written.
     *
     * @param name      the variable's name, expanded (so {@code KASAN_SANITIZE_head$(BITS).o} reads
     *                  {@code KASAN_SANITIZE_head64.o})
     * @param operator  {@code =}, {@code :=}, {@code +=}, ...
     * @param value     the value as written
     * @param firstLine 1-based line where it starts
     * @param lastLine  1-based line where it ends (continuation lines included)
     * @param depth     how many conditionals enclose it
     * @param active    make reads it: every enclosing branch is taken (or could not be decided)
     * @param blockEnd  1-based line of the endif closing its outermost conditional, 0 at the top level
     */
    public record Assignment(String name, String operator, String value, int firstLine, int lastLine, int depth,
                             boolean active, int blockEnd) {
    }

    private enum Branch { TAKEN, SKIPPED, UNDECIDED }

    /** One open conditional: the branch now read, and whether an earlier branch was already taken. */
    private static final class Conditional {
        Branch branch;
        boolean taken;
        boolean undecided;
        final boolean parentActive;

        Conditional(Branch branch, boolean parentActive) {
            this.branch = branch;
            this.taken = branch == Branch.TAKEN;
            this.undecided = branch == Branch.UNDECIDED;
            this.parentActive = parentActive;
        }
    }

    private final Map<String, Variable> variables = new HashMap<>();
    private final Set<String> exported = new LinkedHashSet<>();
    private final Function<String, Optional<List<String>>> includer;
    private final Set<String> reasons = new LinkedHashSet<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private final Set<String> expanding = new java.util.HashSet<>();
    private boolean unknown;
    private int depth;
    private int includes;
    private long steps;

    /**
     * @param includer reads an included file by the name the makefile gives (after expansion), or
     *                 nothing when it does not exist or lies outside the tree
     */
    public MakeExpander(Function<String, Optional<List<String>>> includer) {
        this.includer = includer;
    }

    /** A copy with the same variables and exports, nothing recorded yet. */
    public MakeExpander copy() {
        MakeExpander copy = new MakeExpander(includer);
        copy.variables.putAll(variables);
        copy.exported.addAll(exported);
        return copy;
    }

    /** Sets a simply expanded variable, as on make's command line (without overriding). */
    public void set(String name, String value) {
        variables.put(name, new Variable(value, false));
    }

    public boolean isDefined(String name) {
        return variables.containsKey(name);
    }

    /** The variable's value as make would expand it now. */
    public String value(String name) {
        return expand("$(" + name + ")");
    }

    /** The variables marked for export, with their values as now expanded. */
    public Map<String, String> exportedValues() {
        Map<String, String> values = new LinkedHashMap<>();
        exported.stream().filter(variables::containsKey).forEach(n -> values.put(n, value(n)));
        return values;
    }

    /** Names of all defined variables. */
    public Set<String> names() {
        return new TreeSet<>(variables.keySet());
    }

    /** What could not be evaluated (a few examples), empty when everything could. */
    public List<String> uncertainties() {
        return List.copyOf(reasons);
    }

    /** The assignments of the files read with {@link #read} (not those of included files). */
    public List<Assignment> assignments() {
        return List.copyOf(assignments);
    }

    private void uncertain(String why) {
        unknown = true;
        if (reasons.size() < MAX_REASONS) {
            reasons.add(why);
        }
    }

    /** Reads a makefile, recording its assignments. */
    public void read(List<String> lines) {
        evaluate(lines, true);
    }

    private void evaluate(List<String> lines, boolean record) {
        List<Conditional> stack = new ArrayList<>();
        int firstOfBlock = assignments.size();
        boolean inRule = false;
        StringBuilder define = null;
        String defineName = null;
        String defineOperator = null;
        int defineNesting = 0;
        for (int i = 0; i < lines.size(); i++) {
            int first = i + 1;
            String physical = lines.get(i);
            boolean recipe = physical.startsWith("\t") && inRule;
            StringBuilder logical = new StringBuilder();
            String line = physical;
            while (endsWithContinuation(line) && i + 1 < lines.size()) {
                logical.append(line, 0, line.length() - 1).append(' ');
                line = lines.get(++i).stripLeading();
            }
            logical.append(endsWithContinuation(line) ? line.substring(0, line.length() - 1) : line);
            int last = i + 1;
            boolean active = stack.stream().allMatch(c -> c.branch != Branch.SKIPPED && c.parentActive);
            if (define != null) {
                String word = firstWord(logical.toString().strip());
                if (word.equals("define")) {
                    defineNesting++;
                } else if (word.equals("endef") && defineNesting-- == 0) {
                    if (active) {
                        assign(defineName, defineOperator.isEmpty() ? "=" : defineOperator, define.toString());
                    }
                    define = null;
                    continue;
                }
                define.append(define.isEmpty() ? "" : "\n").append(logical);
                continue;
            }
            if (recipe) {
                continue;
            }
            String text = stripComment(logical.toString()).strip();
            if (text.isEmpty()) {
                continue;
            }
            String word = firstWord(text);
            String rest = text.substring(word.length()).strip();
            switch (word) {
                case "ifdef", "ifndef", "ifeq", "ifneq" -> {
                    Branch branch = active ? condition(word, rest) : Branch.SKIPPED;
                    if (stack.isEmpty()) {
                        firstOfBlock = assignments.size();
                    }
                    stack.add(new Conditional(branch, active));
                    continue;
                }
                case "else" -> {
                    if (stack.isEmpty()) {
                        continue;
                    }
                    Conditional c = stack.get(stack.size() - 1);
                    if (!c.parentActive || c.taken) {
                        c.branch = Branch.SKIPPED;
                    } else {
                        String w = firstWord(rest);
                        Branch next = rest.isEmpty() ? Branch.TAKEN : condition(w, rest.substring(w.length()).strip());
                        // After a branch that could not be decided, any later branch may be the one taken.
                        c.branch = c.undecided && next == Branch.TAKEN ? Branch.UNDECIDED : next;
                        c.taken = c.branch == Branch.TAKEN;
                        c.undecided |= c.branch == Branch.UNDECIDED;
                    }
                    continue;
                }
                case "endif" -> {
                    if (!stack.isEmpty()) {
                        stack.remove(stack.size() - 1);
                        if (stack.isEmpty() && record) {
                            for (int a = firstOfBlock; a < assignments.size(); a++) {
                                Assignment x = assignments.get(a);
                                assignments.set(a, new Assignment(x.name(), x.operator(), x.value(), x.firstLine(),
                                        x.lastLine(), x.depth(), x.active(), last));
                            }
                        }
                    }
                    continue;
                }
                default -> {
                }
            }
            if (word.equals("define") || (word.equals("override") || word.equals("export")) && firstWord(rest).equals("define")) {
                String spec = word.equals("define") ? rest : rest.substring("define".length()).strip();
                String[] parts = spec.split("\\s+", 2);
                defineName = active ? expand(parts[0]).strip() : parts[0];
                defineOperator = parts.length > 1 ? parts[1].strip() : "";
                if (word.equals("export") && active) {
                    exported.add(defineName);
                }
                define = new StringBuilder();
                defineNesting = 0;
                continue;
            }
            if (!active) {
                continue;
            }
            inRule = false;
            switch (word) {
                case "include", "-include", "sinclude" -> {
                    include(rest, word.equals("include"));
                    continue;
                }
                case "undefine" -> {
                    variables.remove(expand(rest).strip());
                    continue;
                }
                case "unexport" -> {
                    for (String n : words(expand(rest))) {
                        exported.remove(n);
                    }
                    continue;
                }
                case "vpath" -> {
                    continue;
                }
                default -> {
                }
            }
            boolean export = false;
            String statement = text;
            for (boolean prefix = true; prefix; ) {
                String w = firstWord(statement);
                prefix = w.equals("export") || w.equals("override") || w.equals("private");
                if (prefix) {
                    export |= w.equals("export");
                    statement = statement.substring(w.length()).strip();
                }
            }
            int[] op = operator(statement);
            if (op == null) {
                if (export && !statement.isEmpty()) {
                    exported.addAll(words(expand(statement)));
                } else if (statement.contains(":")) {
                    inRule = true;
                } else if (statement.contains("$(eval") || statement.contains("${eval")) {
                    uncertain("$(eval ...)");
                } else if (!expand(statement).isBlank()) {
                    inRule = true;
                }
                continue;
            }
            if (op[1] == 0) {
                inRule = true; // a rule, or a target-specific variable
                continue;
            }
            String name = expand(statement.substring(0, op[0])).strip();
            String operator = statement.substring(op[0], op[0] + op[1]);
            String value = statement.substring(op[0] + op[1]).stripLeading();
            if (name.isEmpty() || name.contains(" ") || name.contains("\t")) {
                continue;
            }
            if (record) {
                assignments.add(new Assignment(name, operator, value, first, last, stack.size(), true, 0));
            }
            assign(name, operator, value);
            if (export) {
                exported.add(name);
            }
        }
        if (record) {
            // Inactive assignments are recorded too: a line must go after every assignment of its
            // variable, taken or not, so that no configuration overrides it.
            recordInactive(lines);
        }
    }

    /** Records assignments in skipped branches, found without evaluating them. */
    private void recordInactive(List<String> lines) {
        Set<Integer> known = new java.util.HashSet<>();
        assignments.forEach(a -> known.add(a.firstLine()));
        List<int[]> blocks = new ArrayList<>();
        int nesting = 0;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String w = firstWord(stripComment(lines.get(i)).strip());
            if (w.startsWith("if") && List.of("ifdef", "ifndef", "ifeq", "ifneq").contains(w)) {
                if (nesting++ == 0) {
                    start = i + 1;
                }
            } else if (w.equals("endif") && nesting > 0 && --nesting == 0) {
                blocks.add(new int[]{start, i + 1});
            }
        }
        for (int[] block : blocks) {
            for (int i = block[0]; i < block[1] - 1; i++) {
                if (known.contains(i + 1) || lines.get(i).startsWith("\t")) {
                    continue;
                }
                String text = stripComment(lines.get(i)).strip();
                for (String prefix : List.of("export ", "override ")) {
                    if (text.startsWith(prefix)) {
                        text = text.substring(prefix.length()).strip();
                    }
                }
                int[] op = operator(text);
                if (op == null || op[1] == 0) {
                    continue;
                }
                boolean saved = unknown;
                String name = expand(text.substring(0, op[0])).strip();
                unknown = saved;
                int last = i;
                while (endsWithContinuation(lines.get(last)) && last + 1 < lines.size()) {
                    last++;
                }
                if (!name.isEmpty() && !name.contains(" ")) {
                    assignments.add(new Assignment(name, text.substring(op[0], op[0] + op[1]),
                            text.substring(op[0] + op[1]).stripLeading(), i + 1, last + 1, 1, false, block[1]));
                }
            }
        }
        assignments.sort((a, b) -> Integer.compare(a.firstLine(), b.firstLine()));
    }

    private void include(String rest, boolean required) {
        for (String file : words(expand(rest))) {
            if (includes >= MAX_INCLUDES) {
                uncertain("include nested deeper than " + MAX_INCLUDES);
                return;
            }
            Optional<List<String>> lines = includer.apply(file);
            if (lines.isEmpty()) {
                if (required) {
                    uncertain("include " + file);
                }
                continue;
            }
            includes++;
            try {
                evaluate(lines.get(), false);
            } finally {
                includes--;
            }
        }
    }

    private void assign(String name, String operator, String value) {
        Variable old = variables.get(name);
        switch (operator) {
            case ":=", "::=", ":::=" -> variables.put(name, new Variable(expand(value), false));
            case "?=" -> {
                if (old == null) {
                    variables.put(name, new Variable(value, true));
                }
            }
            case "+=" -> {
                if (old == null) {
                    variables.put(name, new Variable(value, true));
                } else if (old.recursive()) {
                    variables.put(name, new Variable(old.value() + " " + value, true));
                } else {
                    variables.put(name, new Variable(old.value() + " " + expand(value), false));
                }
            }
            case "!=" -> {
                uncertain(name + " != (a shell command)");
                variables.put(name, new Variable("", false));
            }
            default -> variables.put(name, new Variable(value, true));
        }
    }

    /** Position and length of the assignment operator at parenthesis depth 0; length 0 for a rule; null for neither. */
    private static int[] operator(String s) {
        int nesting = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '{') {
                nesting++;
            } else if ((c == ')' || c == '}') && nesting > 0) {
                nesting--;
            } else if (nesting == 0) {
                if (c == '=') {
                    return new int[]{i, 1};
                }
                if ((c == '+' || c == '?' || c == '!') && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    return new int[]{i, 2};
                }
                if (c == ':') {
                    for (String op : List.of(":::=", "::=", ":=")) {
                        if (s.startsWith(op, i)) {
                            return new int[]{i, op.length()};
                        }
                    }
                    return new int[]{i, 0};
                }
            }
        }
        return null;
    }

    private Branch condition(String directive, String argument) {
        boolean saved = unknown;
        unknown = false;
        boolean result;
        try {
            if (directive.equals("ifdef") || directive.equals("ifndef")) {
                Variable v = variables.get(expand(argument).strip());
                // ifdef asks whether the value is non-empty, without expanding it further
                boolean defined = v != null && !v.value().isEmpty();
                result = directive.equals("ifdef") == defined;
            } else if (directive.equals("ifeq") || directive.equals("ifneq")) {
                List<String> operands = operands(argument);
                if (operands == null) {
                    uncertain(directive + " " + argument);
                    return Branch.UNDECIDED;
                }
                boolean equal = expand(operands.get(0)).equals(expand(operands.get(1)));
                result = directive.equals("ifeq") == equal;
            } else {
                return Branch.SKIPPED;
            }
            return unknown ? Branch.UNDECIDED : result ? Branch.TAKEN : Branch.SKIPPED;
        } finally {
            unknown |= saved;
        }
    }

    /** The two operands of ifeq: {@code (a,b)}, {@code "a" "b"} or {@code 'a' 'b'}; null if malformed. */
    private static List<String> operands(String argument) {
        if (argument.startsWith("(") && argument.endsWith(")")) {
            List<String> args = arguments(argument.substring(1, argument.length() - 1));
            if (args.size() == 2) {
                // make strips trailing space of the first operand and leading space of the second
                return List.of(args.get(0).stripTrailing(), args.get(1).stripLeading());
            }
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([\"'])(.*?)\\1\\s+([\"'])(.*?)\\3$").matcher(argument);
        return m.matches() ? List.of(m.group(2), m.group(4)) : null;
    }

    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** The line without its comment: a '#' outside any $(...) that no backslash escapes. */
    static String stripComment(String line) {
        int nesting = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                i++;
            } else if (c == '$' && i + 1 < line.length() && (line.charAt(i + 1) == '(' || line.charAt(i + 1) == '{')) {
                nesting++;
                i++;
            } else if ((c == ')' || c == '}') && nesting > 0) {
                nesting--;
            } else if (c == '#' && nesting == 0) {
                return line.substring(0, i).replace("\\#", "#");
            }
        }
        return line.replace("\\#", "#");
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    /** Whitespace-separated words. */
    public static List<String> words(String text) {
        String s = text.strip();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }

    /** Expands variable references and functions in the text. */
    public String expand(String text) {
        if (depth >= MAX_DEPTH) {
            uncertain("expansion nested deeper than " + MAX_DEPTH);
            return "";
        }
        depth++;
        try {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '$' || i + 1 == text.length()) {
                    out.append(c);
                } else {
                    char next = text.charAt(i + 1);
                    if (next == '$') {
                        out.append('$');
                        i++;
                    } else if (++steps > MAX_STEPS) {
                        uncertain("more than " + MAX_STEPS + " references expanded");
                        return "";
                    } else if (next == '(' || next == '{') {
                        int close = closing(text, i + 1);
                        if (close < 0) {
                            uncertain("unterminated reference: " + text);
                            return out.toString();
                        }
                        out.append(reference(text.substring(i + 2, close)));
                        i = close;
                    } else {
                        out.append(lookup(String.valueOf(next)));
                        i++;
                    }
                }
                if (out.length() > MAX_LENGTH) {
                    uncertain("expansion longer than " + MAX_LENGTH + " characters");
                    return "";
                }
            }
            return out.toString();
        } finally {
            depth--;
        }
    }

    /** Index of the parenthesis closing the one at {@code open}; make counts only its own kind. */
    private static int closing(String text, int open) {
        char o = text.charAt(open);
        char c = o == '(' ? ')' : '}';
        int nesting = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == o) {
                nesting++;
            } else if (text.charAt(i) == c && --nesting == 0) {
                return i;
            }
        }
        return -1;
    }

    private static final Set<String> FUNCTIONS = Set.of("subst", "patsubst", "strip", "findstring", "filter",
            "filter-out", "sort", "word", "wordlist", "words", "firstword", "lastword", "dir", "notdir", "suffix",
            "basename", "addsuffix", "addprefix", "join", "wildcard", "realpath", "abspath", "if", "or", "and",
            "foreach", "call", "value", "origin", "flavor", "info", "warning", "error", "shell", "eval", "file",
            "let", "guile", "intcmp");

    private String reference(String inner) {
        String name = firstWord(inner);
        if (FUNCTIONS.contains(name) && inner.length() > name.length()) {
            return function(name, inner.substring(name.length() + 1));
        }
        int colon = topLevel(inner, ':');
        if (colon >= 0) {
            int equals = inner.indexOf('=', colon);
            if (equals > 0) {
                String value = lookup(expand(inner.substring(0, colon)));
                return substitute(value, expand(inner.substring(colon + 1, equals)), expand(inner.substring(equals + 1)));
            }
        }
        return lookup(expand(inner));
    }

    private static int topLevel(String s, char wanted) {
        int nesting = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '{') {
                nesting++;
            } else if (c == ')' || c == '}') {
                nesting--;
            } else if (c == wanted && nesting == 0) {
                return i;
            }
        }
        return -1;
    }

    private String lookup(String name) {
        Variable v = variables.get(name);
        if (v == null) {
            return "";
        }
        if (!v.recursive()) {
            return v.value();
        }
        if (!expanding.add(name)) {
            uncertain("variable " + name + " references itself");
            return "";
        }
        try {
            return expand(v.value());
        } finally {
            expanding.remove(name);
        }
    }

    /** $(var:from=to): a pattern substitution when {@code from} has a '%', else a suffix one. */
    private static String substitute(String value, String from, String to) {
        if (!from.contains("%")) {
            from = "%" + from;
            to = "%" + to;
        }
        return patsubst(from, to, value);
    }

    private static String patsubst(String pattern, String replacement, String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            String stem = match(pattern, w);
            out.add(stem == null ? w : replacement.contains("%") ? replacement.replaceFirst("%", java.util.regex.Matcher
                    .quoteReplacement(stem)) : replacement);
        }
        return String.join(" ", out);
    }

    /** What '%' matched, "" for an exact match without '%', null for no match. */
    private static String match(String pattern, String word) {
        int percent = pattern.indexOf('%');
        if (percent < 0) {
            return pattern.equals(word) ? "" : null;
        }
        String prefix = pattern.substring(0, percent);
        String suffix = pattern.substring(percent + 1);
        if (word.length() >= prefix.length() + suffix.length() && word.startsWith(prefix) && word.endsWith(suffix)) {
            return word.substring(prefix.length(), word.length() - suffix.length());
        }
        return null;
    }

    /** Comma-separated arguments at parenthesis depth 0. */
    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        int nesting = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{') {
                nesting++;
            } else if (c == ')' || c == '}') {
                nesting--;
            } else if (c == ',' && nesting == 0) {
                args.add(text.substring(start, i));
                start = i + 1;
            }
        }
        args.add(text.substring(start));
        return args;
    }

    private String function(String name, String rawArguments) {
        List<String> raw = arguments(rawArguments);
        switch (name) {
            case "if" -> {
                String condition = expand(raw.get(0)).strip();
                if (!condition.isEmpty()) {
                    return raw.size() > 1 ? expand(raw.get(1)) : "";
                }
                return raw.size() > 2 ? expand(String.join(",", raw.subList(2, raw.size()))) : "";
            }
            case "or" -> {
                for (String r : raw) {
                    String v = expand(r).strip();
                    if (!v.isEmpty()) {
                        return v;
                    }
                }
                return "";
            }
            case "and" -> {
                String v = "";
                for (String r : raw) {
                    v = expand(r).strip();
                    if (v.isEmpty()) {
                        return "";
                    }
                }
                return v;
            }
            case "foreach" -> {
                if (raw.size() < 3) {
                    return "";
                }
                String variable = expand(raw.get(0)).strip();
                String body = String.join(",", raw.subList(2, raw.size()));
                Variable saved = variables.get(variable);
                List<String> out = new ArrayList<>();
                try {
                    for (String w : words(expand(raw.get(1)))) {
                        variables.put(variable, new Variable(w, false));
                        out.add(expand(body));
                    }
                } finally {
                    restore(variable, saved);
                }
                return String.join(" ", out);
            }
            case "call" -> {
                String function = expand(raw.get(0)).strip();
                if (FUNCTIONS.contains(function)) {
                    return function(function, String.join(",", raw.subList(1, raw.size())));
                }
                Variable body = variables.get(function);
                if (body == null) {
                    uncertain("$(call " + function + ",...)");
                    return "";
                }
                List<String> values = new ArrayList<>();
                raw.subList(1, raw.size()).forEach(r -> values.add(expand(r)));
                Map<String, Variable> saved = new HashMap<>();
                for (int i = 0; i <= Math.max(values.size(), 9); i++) {
                    saved.put(String.valueOf(i), variables.get(String.valueOf(i)));
                    String v = i == 0 ? function : i <= values.size() ? values.get(i - 1) : "";
                    variables.put(String.valueOf(i), new Variable(v, false));
                }
                try {
                    return body.recursive() ? expand(body.value()) : body.value();
                } finally {
                    saved.forEach(this::restore);
                }
            }
            case "value" -> {
                Variable v = variables.get(expand(raw.get(0)).strip());
                return v == null ? "" : v.value();
            }
            case "origin" -> {
                return variables.containsKey(expand(raw.get(0)).strip()) ? "file" : "undefined";
            }
            case "flavor" -> {
                Variable v = variables.get(expand(raw.get(0)).strip());
                return v == null ? "undefined" : v.recursive() ? "recursive" : "simple";
            }
            default -> {
            }
        }
        List<String> args = raw.stream().map(this::expand).toList();
        String first = args.get(0);
        String second = args.size() > 1 ? args.get(1) : "";
        String third = args.size() > 2 ? String.join(",", args.subList(2, args.size())) : "";
        return switch (name) {
            case "subst" -> first.isEmpty() ? third : third.replace(first, second);
            case "patsubst" -> patsubst(first.strip(), second.strip(), third);
            case "strip" -> String.join(" ", words(String.join(",", args)));
            case "findstring" -> second.contains(first) ? first : "";
            case "filter", "filter-out" -> {
                List<String> patterns = words(first);
                boolean keep = name.equals("filter");
                yield String.join(" ", words(String.join(",", args.subList(1, args.size()))).stream()
                        .filter(w -> patterns.stream().anyMatch(p -> match(p, w) != null) == keep).toList());
            }
            case "sort" -> String.join(" ", new TreeSet<>(words(String.join(",", args))));
            case "words" -> String.valueOf(words(first).size());
            case "firstword" -> words(first).isEmpty() ? "" : words(first).get(0);
            case "lastword" -> words(first).isEmpty() ? "" : words(first).get(words(first).size() - 1);
            case "word" -> {
                List<String> w = words(second);
                int n = parse(first);
                yield n >= 1 && n <= w.size() ? w.get(n - 1) : "";
            }
            case "wordlist" -> {
                List<String> w = words(third);
                int s = parse(first);
                int e = Math.min(parse(second), w.size());
                yield s >= 1 && s <= e ? String.join(" ", w.subList(s - 1, e)) : "";
            }
            case "dir" -> String.join(" ", words(first).stream().map(w -> w.contains("/")
                    ? w.substring(0, w.lastIndexOf('/') + 1) : "./").toList());
            case "notdir" -> String.join(" ", words(first).stream().map(w -> w.substring(w.lastIndexOf('/') + 1)).toList());
            case "suffix", "basename" -> String.join(" ", words(first).stream().map(w -> {
                int dot = w.lastIndexOf('.');
                boolean has = dot > w.lastIndexOf('/');
                return name.equals("suffix") ? (has ? w.substring(dot) : null) : (has ? w.substring(0, dot) : w);
            }).filter(java.util.Objects::nonNull).toList());
            case "addsuffix" -> String.join(" ", words(second).stream().map(w -> w + first).toList());
            case "addprefix" -> String.join(" ", words(second).stream().map(w -> first + w).toList());
            case "join" -> {
                List<String> a = words(first);
                List<String> b = words(second);
                List<String> out = new ArrayList<>();
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    out.add((i < a.size() ? a.get(i) : "") + (i < b.size() ? b.get(i) : ""));
                }
                yield String.join(" ", out);
            }
            case "info", "warning" -> "";
            case "error" -> {
                uncertain("$(error " + first.strip() + ")");
                yield "";
            }
            default -> {
                uncertain("$(" + name + " ...)");
                yield "";
            }
        };
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void restore(String name, Variable saved) {
        if (saved == null) {
            variables.remove(name);
        } else {
            variables.put(name, saved);
        }
    }
}
