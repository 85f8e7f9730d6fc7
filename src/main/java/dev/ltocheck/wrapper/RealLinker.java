package dev.ltocheck.wrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ld.lld the wrapper stands in for, found as {@code scripts/ltocheck-ld} finds it:
 * {@code LTOCHECK_LD}; else as kbuild names its linker when {@code LD} is not given (which is the
 * wrapper itself): {@code LLVM=/path/} gives {@code /path/ld.lld}, {@code LLVM=-N} gives
 * {@code ld.lld-N}, else {@code ld.lld}; a bare name is looked up on {@code PATH}, the wrapper
 * itself skipped.
 */
public final class RealLinker {
    private RealLinker() {
    }

    /** The name to run, before any PATH lookup. */
    public static String name(Map<String, String> env) {
        String chosen = env.get("LTOCHECK_LD");
        if (chosen != null && !chosen.isBlank()) {
            return chosen.strip();
        }
        return dev.ltocheck.llvm.UserLinker.byLlvm(env);
    }

    /**
     * @param wrappers the real paths of the wrapper's own programs (the shim, the launcher), never taken
     */
    public static Optional<Path> find(Map<String, String> env, Set<Path> wrappers) {
        String name = name(env);
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) && !isWrapper(p, wrappers)
                    ? Optional.of(p) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue; // the current folder: the tree, never searched
            }
            Path p = Path.of(dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p) && !isWrapper(p, wrappers)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isWrapper(Path candidate, Set<Path> wrappers) {
        try {
            return wrappers.contains(candidate.toRealPath());
        } catch (IOException e) {
            return true; // cannot tell: not taken
        }
    }
}
