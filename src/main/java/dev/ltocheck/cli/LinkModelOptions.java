package dev.ltocheck.cli;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How the modelled link is made: the options of lld that change what ThinLTO imports. */
final class LinkModelOptions {
    @Option(names = "-mllvm", paramLabel = "OPTION",
            description = "An LLVM option as passed to ld.lld, e.g. -mllvm -import-instr-limit=5 (what Linux passes)."
                    + " Understood: -import-instr-limit, -import-instr-evolution-factor, -import-hot-multiplier,"
                    + " -import-critical-multiplier, -import-cold-multiplier, -import-hot-evolution-factor,"
                    + " -import-cutoff, -force-import-all, -import-constants-with-refs, -propagate-attrs,"
                    + " -compute-dead. Repeatable.")
    List<String> mllvm = new ArrayList<>();

    @Option(names = "--lto-O", paramLabel = "LEVEL", defaultValue = "2",
            description = "LTO optimisation level; at 0 lld imports nothing (default: ${DEFAULT-VALUE}).")
    int ltoOptLevel;

    @Option(names = "--no-relocatable",
            description = "Model an executable link instead of Linux's ld -r: only --entry, --export and"
                    + " llvm.used symbols are roots of liveness.")
    boolean executable;

    @Option(names = "--entry", paramLabel = "SYMBOL", description = "Entry symbol of an executable link.")
    String entry;

    @Option(names = "--export", paramLabel = "SYMBOL",
            description = "A symbol kept by the link (-u, --export-dynamic-symbol). Repeatable.")
    List<String> exported = new ArrayList<>();

    ImportOptions importOptions() {
        return ImportOptions.LLVM_DEFAULTS.withMllvm(mllvm).withLtoOptLevel(ltoOptLevel);
    }

    LinkOptions linkOptions(Set<String> nativeReferences) {
        return executable ? LinkOptions.executable(entry, exported, nativeReferences) : LinkOptions.RELOCATABLE;
    }
}
