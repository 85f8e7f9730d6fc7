package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.FixScope;
import dev.ltocheck.kbuild.ScopePlan;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.report.FixRenderer;
import dev.ltocheck.report.ScopeRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
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
                "  ltocheck fix --robust --link-cmd .vmlinux.o.cmd > lto-fix.patch",
                "  ltocheck fix --scope auto | git apply",
                "      (a Kconfig dependency, a folder's opt-out, or per object: what fits, verified)", ""})
final class FixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Mixin
    KbuildTreeOptions kbuild;

    @Mixin
    FixScopeOption scope;

    @Option(names = "--robust", description = "Take the whole minority flag class out of LTO, not just the minimum:"
            + " imports added later cannot break it.")
    boolean robust;

    @Option(names = "--build-system", paramLabel = "KIND",
            description = "make, cmake or none: how to phrase advice for objects no kbuild file lists.")
    FixRenderer.BuildSystem buildSystem;

    @Override
    public Integer call() throws IOException, BitcodeLoadException {
        PrintWriter out = spec.commandLine().getOut();
        Analysis analysis = Analysis.of(input, link, spec);
        // The user's ld.lld, as check models it: the fix is verified against the same linker.
        LldVersion lld = link.lld(input.linkCmd, analysis.loaded().workingDir(), spec).version();
        CheckResult check = analysis.check(analysis.imports(), lld);
        KbuildTree tree = kbuild.tree(spec);
        KbuildTreeOptions.warnStale(tree, analysis.modules(), spec);
        FixPlan plan = analysis.plan(check, tree, robust, lld);
        // What the check after the fix could not decide is said, as check says it.
        plan.after().crashedMerges().forEach(line -> spec.commandLine().getErr().println("ltocheck: " + line));
        if (tree != null) {
            plan.objects().stream().filter(o -> KbuildTree.leavesTree(o.object()))
                    .forEach(o -> KbuildTreeOptions.reportOutside(o.object(), spec));
        }
        FixRenderer.BuildSystem build = buildSystem != null ? buildSystem
                : tree != null ? FixRenderer.BuildSystem.make : FixRenderer.BuildSystem.none;
        if (scope.scope != FixScope.object && !plan.objects().isEmpty()) {
            ScopePlan scoped = analysis.scopePlan(check, plan, tree, scope.scope, lld);
            if (scoped.chosen().scope() != FixScope.object) {
                ScopeRenderer.render(scoped, out);
                if (scoped.chosen().patch() != null || tree == null) {
                    kbuild.applyIfAsked(scoped.chosen().patch(), spec);
                }
                List<String> pending = scoped.chosen().pending();
                pending.forEach(line -> spec.commandLine().getErr().println("ltocheck: " + line));
                return input.exitCode(analysis.modules(), check, scoped.chosen().verified() && pending.isEmpty()
                        ? ExitCode.OK : ExitCode.LINK_FAILS);
            }
            ScopeRenderer.renderHeader(scoped, out);
        }
        MakefilePatch patch = plan.patch();
        FixRenderer.render(plan, patch == null ? List.of() : patch.unifiedDiff(), build, out);
        kbuild.applyIfAsked(patch, spec);
        // One line per object the patch leaves in LTO: the run fails even when the rest happens to link.
        plan.unhandled().stream().filter(f -> !KbuildTree.leavesTree(f.object()))
                .forEach(f -> spec.commandLine().getErr().println("ltocheck: fix: the patch does not take "
                        + f.object() + " out of LTO: " + FixRenderer.whyUnhandled(f)));
        // An object whose kbuild file already takes it out of LTO, yet read as bitcode: the build
        // predates the fix, and the link as built still fails until make rebuilds it.
        List<String> unbuilt = plan.objects().stream().filter(o -> o.alreadyFixed()).map(o -> o.object().toString())
                .toList();
        if (!unbuilt.isEmpty()) {
            spec.commandLine().getErr().println("ltocheck: " + String.join(", ", unbuilt) + (unbuilt.size() == 1
                    ? " is" : " are") + " still LLVM bitcode though the kbuild files take "
                    + (unbuilt.size() == 1 ? "it" : "them") + " out of LTO: rebuild with make, then check again");
        }
        return input.exitCode(analysis.modules(), check, plan.verified() && unbuilt.isEmpty()
                ? ExitCode.OK : ExitCode.LINK_FAILS);
    }
}
