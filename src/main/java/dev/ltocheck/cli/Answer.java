package dev.ltocheck.cli;

import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.Headline;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What check and explain put first: the headline, and the causes grouped by the fix plan's objects. */
final class Answer {
    private Answer() {
    }

    /** Line 1; the linker modelled and where the options came from are filled here, once. */
    static Headline headline(CheckReport report) {
        return Headline.of(report, null);
    }

    /** The failing imports grouped by the objects of the plan 'ltocheck fix' writes. */
    static Causes causes(LinkSession session, LoadedLink link, CheckReport report, KbuildTree tree)
            throws IOException, BitcodeLoadException {
        if (report.result().errors().isEmpty()) {
            return Causes.none();
        }
        FixPlan plan = session.plan(link, report.result(), tree, false, report.lld().version());
        return Causes.of(report, plan);
    }

    /** The kernel tree named, else the current folder, else the folder of the link command: the first that is one. */
    static KbuildTree tree(Path srctree, Path objtree, Path linkCmd) {
        if (srctree != null) {
            return new KbuildTree(srctree, objtree != null ? objtree : srctree);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(""));
        if (linkCmd != null && linkCmd.toAbsolutePath().getParent() != null) {
            candidates.add(linkCmd.toAbsolutePath().getParent());
        }
        for (Path dir : candidates) {
            if (KbuildTree.isSourceTree(dir.toAbsolutePath())) {
                return new KbuildTree(dir, objtree != null ? objtree : dir);
            }
        }
        return null;
    }
}
