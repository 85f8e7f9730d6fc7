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
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
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
    @Mixin
    Output output;

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
        LinkSession session = input.open(output, link.model(), true);
        LoadedLink loaded = session.load();
        // The user's ld.lld, as check models it: the fix is verified against the same linker.
        LldVersion lld = session.lld(loaded.inputs()).version();
        CheckResult check = session.check(loaded, loaded.imports(), lld);
        KbuildTree tree = kbuild.tree(output);
        KbuildTreeOptions.warnStale(tree, loaded.modules(), output);
        FixPlan plan = session.plan(loaded, check, tree, robust, lld);
        // What the check after the fix could not decide is said, as check says it.
        plan.after().crashedMerges().forEach(output::say);
        if (tree != null) {
            plan.objects().stream().filter(o -> KbuildTree.leavesTree(o.object()))
                    .forEach(o -> KbuildTreeOptions.reportOutside(o.object(), output));
        }
        FixRenderer.BuildSystem build = buildSystem != null ? buildSystem
                : tree != null ? FixRenderer.BuildSystem.make : FixRenderer.BuildSystem.none;
        if (scope.scope != FixScope.object && !plan.objects().isEmpty()) {
            ScopePlan scoped = session.scopePlan(loaded, check, plan, tree, scope.scope, lld);
            if (scoped.chosen().scope() != FixScope.object) {
                ScopeRenderer.render(scoped, output.out());
                if (scoped.chosen().patch() != null || tree == null) {
                    kbuild.applyIfAsked(scoped.chosen().patch(), output);
                }
                List<String> pending = scoped.chosen().pending();
                pending.forEach(output::say);
                return ExitCode.of(scoped.chosen().verified() && pending.isEmpty() ? ExitCode.OK : ExitCode.LINK_FAILS,
                        loaded.modules(), check, input.allowIncomplete);
            }
            ScopeRenderer.renderHeader(scoped, output.out());
        }
        MakefilePatch patch = plan.patch();
        FixRenderer.render(plan, patch == null ? List.of() : patch.unifiedDiff(), build, output.out());
        kbuild.applyIfAsked(patch, output);
        // One line per object the patch leaves in LTO: the run fails even when the rest happens to link.
        plan.unhandled().stream().filter(f -> !KbuildTree.leavesTree(f.object())).forEach(f -> output.say(
                "fix: the patch does not take " + f.object() + " out of LTO: " + FixRenderer.whyUnhandled(f)));
        // An object whose kbuild file already takes it out of LTO, yet read as bitcode: the build
        // predates the fix, and the link as built still fails until make rebuilds it.
        List<String> unbuilt = plan.objects().stream().filter(o -> o.alreadyFixed()).map(o -> o.object().toString())
                .toList();
        if (!unbuilt.isEmpty()) {
            output.say(String.join(", ", unbuilt) + (unbuilt.size() == 1 ? " is" : " are") + " still LLVM bitcode though"
                    + " the kbuild files take " + (unbuilt.size() == 1 ? "it" : "them") + " out of LTO: rebuild with"
                    + " make, then check again");
        }
        int verdict = plan.verified() && unbuilt.isEmpty() ? ExitCode.OK : ExitCode.LINK_FAILS;
        return ExitCode.of(verdict, loaded.modules(), check, input.allowIncomplete);
    }
}
