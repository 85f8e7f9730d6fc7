package dev.ltocheck.cli;

import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.session.LinkModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How the modelled link is made: the options of lld that change what ThinLTO imports. */
final class LinkModelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "-mllvm", paramLabel = "OPTION",
            description = "An LLVM option as passed to ld.lld, e.g. -mllvm -import-instr-limit=5 (what Linux passes)."
                    + " Understood: -import-instr-limit, -import-instr-evolution-factor, -import-hot-multiplier,"
                    + " -import-critical-multiplier, -import-cold-multiplier, -import-hot-evolution-factor,"
                    + " -import-cutoff, -force-import-all, -import-constants-with-refs, -propagate-attrs,"
                    + " -compute-dead. Repeatable; added after those of a link command.")
    List<String> mllvm = new ArrayList<>();

    @Option(names = "--lto-O", paramLabel = "LEVEL",
            description = "LTO optimisation level; at 0 lld imports nothing (default: the link's, else 2).")
    Integer ltoOptLevel;

    @Option(names = "--no-relocatable",
            description = "Model an executable link instead of Linux's ld -r: only --entry, --export,"
                    + " llvm.used and symbols native objects reference are roots of liveness.")
    boolean executable;

    @Option(names = "--entry", paramLabel = "SYMBOL", description = "Entry symbol of an executable link.")
    String entry;

    @Option(names = "--lld-version", paramLabel = "X[.Y[.Z]]",
            description = "The ld.lld version to model (its words, whether it aborts, what bitcode it reads)."
                    + " Default: CONFIG_LLD_VERSION of the tree's include/config/auto.conf, else the --version of the"
                    + " linker the link names (LD, LLVM=1, LLVM=-N, LLVM=/path/; never one inside the tree), else "
                    + "20.1.7.")
    String lldVersion;

    @Option(names = "--export", paramLabel = "SYMBOL",
            description = "A symbol kept by the link (-u, --export-dynamic-symbol). Repeatable.")
    List<String> exported = new ArrayList<>();

    /** The model these options ask for; values lld would reject are rejected here, before any input is read. */
    LinkModel model() {
        if (ltoOptLevel != null && (ltoOptLevel < 0 || ltoOptLevel > 3)) {
            throw new ParameterException(spec.commandLine(), "--lto-O " + ltoOptLevel + ": lld's LTO levels are 0 to 3");
        }
        Optional<LldVersion> version = Optional.empty();
        if (lldVersion != null) {
            version = LldVersion.parse(lldVersion);
            if (version.isEmpty() || version.get().major() < 1) {
                throw new ParameterException(spec.commandLine(), "--lld-version: '" + lldVersion + "' is not X, X.Y or X.Y.Z");
            }
        }
        LinkModel model = new LinkModel(mllvm, ltoOptLevel, executable, entry, exported, version);
        try {
            model.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return model;
    }
}
