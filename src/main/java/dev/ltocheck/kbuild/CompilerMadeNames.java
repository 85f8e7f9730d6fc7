package dev.ltocheck.kbuild;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the compiler makes rather than a person writes, told by their source construct: nobody can
 * move {@code .str.41}, but they can see "79 string literals of cpufeature.c". Promoted locals
 * ({@code name.llvm.N}, ThinLTO's rename of a static another module imports) are the static the
 * person wrote.
 */
public final class CompilerMadeNames {
    private static final Pattern PROMOTED = Pattern.compile("^(.+)\\.llvm\\.\\d+$");
    private static final List<Map.Entry<Pattern, String>> CONSTRUCTS = List.of(
            Map.entry(Pattern.compile("^\\.str(\\.\\d+)*$"), "string literal"),
            Map.entry(Pattern.compile("^\\.compoundliteral(\\.\\d+)*$"), "compound literal"),
            Map.entry(Pattern.compile("^__(func|FUNCTION|PRETTY_FUNCTION)__\\..+$"), "__func__ copy"),
            Map.entry(Pattern.compile("^__const\\..+$"), "local constant initializer"),
            Map.entry(Pattern.compile("^switch\\.table\\..+$"), "switch lookup table"));

    /** The one construct whose plural is not its name and "s". */
    private static final Map<String, String> IRREGULAR_PLURALS = Map.of("__func__ copy", "__func__ copies");

    private CompilerMadeNames() {
    }

    /** "79 string literals", "2 __func__ copies": a count of one construct. */
    public static String count(int n, String construct) {
        return n + " " + (n == 1 ? construct : IRREGULAR_PLURALS.getOrDefault(construct, construct + "s"));
    }

    /** The name a person wrote: {@code foo} for a promoted {@code foo.llvm.123}, else the name itself. */
    public static String written(String name) {
        Matcher m = PROMOTED.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** The construct the compiler made the name for ({@code string literal}), or empty for a name a person wrote. */
    public static Optional<String> construct(String name) {
        String base = written(name);
        return CONSTRUCTS.stream().filter(e -> e.getKey().matcher(base).matches()).map(Map.Entry::getValue).findFirst();
    }

    /**
     * Counts of compiler-made names by construct and source file, as "79 string literals of
     * arch/riscv/kernel/cpufeature.c", in the order first seen.
     *
     * @param names pairs of (symbol name, source file)
     */
    public static List<String> describe(List<Map.Entry<String, String>> names) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String> n : names) {
            construct(n.getKey()).ifPresent(c -> counts.computeIfAbsent(c, k -> new LinkedHashMap<>())
                    .merge(n.getValue(), 1, Integer::sum));
        }
        List<String> out = new ArrayList<>();
        counts.forEach((construct, bySource) -> bySource.forEach((source, count) ->
                out.add(count(count, construct) + " of " + source)));
        return out;
    }
}
