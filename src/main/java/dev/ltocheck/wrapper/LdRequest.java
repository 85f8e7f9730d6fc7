package dev.ltocheck.wrapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ltocheck ld} is asked to do with one ld.lld command line.
 *
 * @param arguments       ld.lld's arguments, exactly as given after {@code --}
 * @param realLd          the real ld.lld, when named ({@code --real-ld}); else found as {@link RealLinker} finds it
 * @param env             the environment ({@code LTOCHECK_LD}, {@code LLVM}, {@code PATH},
 *                        {@code LTOCHECK_LD_OUTPUTS}, {@code LTOCHECK_LINK_ANYWAY})
 * @param mode            link here, only decide, or explain a link that failed
 */
public record LdRequest(List<String> arguments, Optional<Path> realLd, Map<String, String> env, Mode mode) {
    public LdRequest {
        arguments = List.copyOf(arguments);
        env = Map.copyOf(env);
    }

    /** What the run ends with. */
    public sealed interface Mode {
    }

    /** Check, then run the real linker as this process's child ({@code ltocheck ld} run directly). */
    public record Link() implements Mode {
    }

    /**
     * Check, write the {@link LdDecision} into {@code file} (a new file: never one that exists), and
     * end: the launcher runs the real linker, without a JVM ({@code scripts/ltocheck-ld}).
     */
    public record Decide(Path file) implements Mode {
    }

    /**
     * The link, predicted to pass, failed: {@code log} is what ld.lld printed on standard error; if
     * it failed on module flags, the miss is said and lld's lines explained.
     */
    public record Missed(Path log) implements Mode {
    }

    /** {@code LTOCHECK_LINK_ANYWAY} set (and not 0): a link predicted to fail runs all the same. */
    boolean linkAnyway() {
        String v = env.get("LTOCHECK_LINK_ANYWAY");
        return v != null && !v.isEmpty() && !v.equals("0");
    }
}
