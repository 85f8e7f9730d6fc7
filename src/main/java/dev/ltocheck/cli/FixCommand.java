package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.FixPlanner;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.FixRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fix", mixinStandardHelpOptions = true,
        description = "Write the smallest per-object Makefile change that makes the link pass: CFLAGS_REMOVE_<obj>.o"
                + " += $(CC_FLAGS_LTO) for a minimum vertex cover of the failing imports, as a patch that git apply"
                + " and patch -p1 accept, verified by checking again without those objects.",
        footerHeading = "%nExamples:%n",
        footer = {"  cd linux && ltocheck fix | git apply",
                "      (in a kernel tree built in place)",
                "  ltocheck fix --srctree ~/linux --objtree ~/build --apply",
                "  ltocheck fix --robust --link-cmd .vmlinux.o.cmd > lto-fix.patch", ""})
final class FixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Option(names = "--srctree", paramLabel = "DIR",
            description = "The kernel source tree (default: the current folder when it has Kbuild/Makefile and"
                    + " scripts/Makefile.build).")
    Path srctree;

    @Option(names = "--objtree", paramLabel = "DIR", description = "The object tree of an O= build (default: --srctree).")
    Path objtree;

    @Option(names = "--robust", description = "Take the whole minority flag class out of LTO, not just the minimum:"
            + " imports added later cannot break it.")
    boolean robust;

    @Option(names = "--apply", description = "Edit the Makefiles in place (atomically; refused if one changed since read).")
    boolean apply;

    @Option(names = "--build-system", paramLabel = "KIND",
            description = "make, cmake or none: how to phrase advice for objects no kbuild file lists.")
    FixRenderer.BuildSystem buildSystem;

    @Override
    public Integer call() throws IOException, BitcodeLoadException {
        PrintWriter out = spec.commandLine().getOut();
        Analysis analysis = Analysis.of(input, link, spec);
        CheckResult check = analysis.check();
        Path source = srctree != null ? srctree
                : KbuildTree.isSourceTree(Path.of("").toAbsolutePath()) ? Path.of("") : null;
        KbuildTree tree = source == null ? null : new KbuildTree(source, objtree != null ? objtree : source);
        FixPlan plan = FixPlanner.plan(analysis.modules(), check, tree, robust, analysis.linkOptions(),
                analysis.importOptions());
        MakefilePatch patch = tree == null ? null : MakefilePatch.of(tree.srctree(), plan.objects());
        FixRenderer.render(plan, patch == null ? List.of() : patch.unifiedDiff(),
                buildSystem != null ? buildSystem : tree != null ? FixRenderer.BuildSystem.make : FixRenderer.BuildSystem.none,
                out);
        if (apply) {
            if (patch == null) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--apply needs a kernel source tree (--srctree)");
            }
            try {
                patch.apply();
            } catch (IOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "not applied: " + e.getMessage());
            }
            patch.edits().forEach(e -> spec.commandLine().getErr().println("ltocheck: edited " + e.file()));
        }
        return input.exitCode(analysis.modules(), plan.after().errors().isEmpty() ? ExitCode.OK : ExitCode.LINK_FAILS);
    }
}
