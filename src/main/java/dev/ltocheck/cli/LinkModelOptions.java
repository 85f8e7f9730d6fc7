package dev.ltocheck.cli;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.llvm.UserLinker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Set;

/** How the modelled link is made: the options of lld that change what ThinLTO imports. */
final class LinkModelOptions {
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

    /**
     * The user's ld.lld: --lld-version, the tree's CONFIG_LLD_VERSION, its linker's --version, or
     * 20.1.7 ({@link #sayHow} tells on stderr how it was found, where that matters).
     */
    UserLinker.Found lld(Path linkCmd, Path workingDir, CommandSpec spec) {
        Optional<LldVersion> option = lldVersionOption(spec);
        Path objtree = workingDir.toAbsolutePath();
        Optional<Path> cmd = Optional.ofNullable(linkCmd).or(() -> Optional.of(objtree.resolve(".vmlinux.o.cmd"))
                .filter(Files::isRegularFile));
        List<String> notes = new ArrayList<>();
        UserLinker.Found found = UserLinker.find(option, objtree, cmd.flatMap(CmdFile::linkerProgram), System.getenv(),
                notes);
        if (found.version().major() < LldVersion.OLDEST_SUPPORTED) {
            // How it is modelled is the report's statement (LldOutput): said once, there.
            spec.commandLine().getErr().println("ltocheck: ld.lld " + found.version() + " is older than Linux supports for"
                    + " Clang LTO (" + LldVersion.OLDEST_SUPPORTED + ")");
        }
        return found;
    }

    /** Where the version was not found: said on stderr when the outcome speaks lld's words. */
    static void sayHow(UserLinker.Found found, boolean lldSpeaks, CommandSpec spec) {
        if (lldSpeaks) {
            found.notes().forEach(n -> spec.commandLine().getErr().println("ltocheck: " + n));
        }
    }

    /** Rejects values lld would reject, before any input is read. */
    void validate(CommandSpec spec) {
        if (ltoOptLevel != null && (ltoOptLevel < 0 || ltoOptLevel > 3)) {
            throw new ParameterException(spec.commandLine(), "--lto-O " + ltoOptLevel + ": lld's LTO levels are 0 to 3");
        }
        lldVersionOption(spec);
    }

    private Optional<LldVersion> lldVersionOption(CommandSpec spec) {
        if (lldVersion == null) {
            return Optional.empty();
        }
        Optional<LldVersion> option = LldVersion.parse(lldVersion);
        if (option.isEmpty() || option.get().major() < 1) {
            throw new ParameterException(spec.commandLine(), "--lld-version: '" + lldVersion + "' is not X, X.Y or X.Y.Z");
        }
        return option;
    }

    ImportOptions importOptions(LinkLine line, CommandSpec spec) {
        validate(spec);
        int level = ltoOptLevel != null ? ltoOptLevel : line.ltoOptLevel() != null ? line.ltoOptLevel() : 2;
        ImportOptions options = ImportOptions.LLVM_DEFAULTS.withLtoOptLevel(level);
        // A link line may carry -mllvm options that do not touch importing: those are not ours to judge.
        for (String option : line.mllvm()) {
            try {
                options = options.withMllvm(List.of(option));
            } catch (IllegalArgumentException e) {
                // not an import option
            }
        }
        try {
            return options.withMllvm(mllvm);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The link's options when they do not depend on native objects' symbols (relocatable links), else empty. */
    java.util.Optional<LinkOptions> linkOptionsWithoutNatives(LinkLine line) {
        return relocatable(line) ? java.util.Optional.of(LinkOptions.RELOCATABLE) : java.util.Optional.empty();
    }

    private boolean relocatable(LinkLine line) {
        return line.origin().equals(InputOptions.COMMAND_LINE) ? !executable : line.relocatable() && !executable;
    }

    LinkOptions linkOptions(LinkLine line, java.util.function.Supplier<Set<String>> nativeReferences) {
        if (relocatable(line)) {
            return LinkOptions.RELOCATABLE;
        }
        List<String> kept = new ArrayList<>(exported);
        kept.addAll(line.undefined());
        return LinkOptions.executable(entry != null ? entry : line.entry(), kept, nativeReferences.get());
    }
}
