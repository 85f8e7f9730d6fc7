package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.report.FixRenderer;
import dev.ltocheck.report.ProfileMismatch;
import dev.ltocheck.report.ScopeRenderer;
import dev.ltocheck.session.FixAnswer;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

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
    FixOptions fix;

    @Override
    public Integer call() throws IOException, BitcodeLoadException {
        LinkSession session = input.open(output, link.model(), true);
        LoadedLink loaded = session.load();
        // The user's ld.lld, as check models it: the fix is verified against the same linker.
        LldVersion lld = session.lld(loaded.inputs()).version();
        CheckResult check = session.check(loaded, loaded.imports(), lld);
        KbuildTree tree = kbuild.tree(output);
        KbuildTreeOptions.warnStale(tree, loaded.modules(), output);
        FixPlan plan = session.plan(loaded, check, tree, fix.robust, lld);
        // What the check after the fix could not decide is said, as check says it.
        plan.after().crashedMerges().forEach(output::say);
        KbuildTreeOptions.reportOutside(plan, tree, output);
        FixAnswer answer = session.fix(loaded, check, plan, tree, fix.scope, lld);
        List<String> alternatives = List.of();
        Function<String, String> onlyOurs = FixRenderer.readByLtocheckOnly(loaded.modules());
        if (answer instanceof FixAnswer.Rebuild rebuild) {
            FixRenderer.renderRebuild(rebuild.profile(), rebuild.after(), plan, rebuild.notes(), onlyOurs, output.out());
            if (kbuild.apply) {
                output.say("fix: --apply wrote nothing: the fix is a rebuild ("
                        + ProfileMismatch.rebuildCommandOf(rebuild.profile()) + "), not a Makefile change");
            }
            return exit(rebuild.passes(), loaded, check);
        } else if (answer instanceof FixAnswer.Scoped scoped) {
            ScopeRenderer.render(scoped.scoped(), output.out());
            if (scoped.scoped().chosen().patch() != null || tree == null) {
                kbuild.applyIfAsked(scoped.scoped().chosen().patch(), output);
            }
            List<String> pending = scoped.scoped().chosen().pending();
            pending.forEach(output::say);
            return exit(scoped.scoped().chosen().verified() && pending.isEmpty(), loaded, check);
        } else if (answer instanceof FixAnswer.PerObject perObject && perObject.scoped() != null) {
            ScopeRenderer.renderHeader(perObject.scoped(), output.out());
            alternatives = ScopeRenderer.alternatives(perObject.scoped());
        }
        MakefilePatch patch = plan.patch();
        FixRenderer.render(plan, patch == null ? new byte[0] : patch.unifiedDiff(), fix.buildSystem(tree != null),
                alternatives, onlyOurs, output.out());
        kbuild.applyIfAsked(patch, output);
        FixRenderer.problemLines(plan, KbuildTree::leavesTree).forEach(output::say);
        return exit(plan.verified() && FixRenderer.unbuilt(plan).isEmpty(), loaded, check);
    }

    private int exit(boolean passes, LoadedLink loaded, CheckResult check) {
        return ExitCode.of(passes ? ExitCode.OK : ExitCode.LINK_FAILS, loaded.modules(), check, input.allowIncomplete);
    }
}
