package dev.ltocheck.session;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.Headline;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * What check, explain and the linker wrapper put first: the check of the link as the user's ld.lld
 * links it, the headline, and the causes grouped by the fix plan's objects.
 *
 * @param lld what the user's ld.lld prints for this link
 */
public record CheckAnswer(CheckResult result, LldOutput lld, CheckReport report, Headline headline) {

    /**
     * Checks {@code imports} of {@code link} as the user's ld.lld merges them; the notes on how
     * that lld was found are said when the outcome speaks its words.
     *
     * @param say receives each note, one line (the commands print it on stderr)
     */
    public static CheckAnswer of(LinkSession session, LoadedLink link, ImportResult imports, Consumer<String> say)
            throws BitcodeLoadException {
        UserLinker.Found found = session.lld(link.inputs());
        CheckResult result = session.check(link, imports, found.version());
        LldOutput lld = LldOutput.of(result, found.version());
        CheckReport report = CheckReport.of(link.modules(), result, link.line().origin(), lld);
        if (lld.fails() || !lld.newer().isEmpty()) {
            found.notes().forEach(say);
        }
        // Line 1; the linker modelled and where the options came from are filled here, once.
        return new CheckAnswer(result, lld, report, Headline.of(report, null));
    }

    /** The failing imports grouped by the objects of the plan 'ltocheck fix' writes. */
    public Causes causes(LinkSession session, LoadedLink link, KbuildTree tree) throws IOException, BitcodeLoadException {
        if (result.errors().isEmpty()) {
            return Causes.none();
        }
        FixPlan plan = session.plan(link, result, tree, false, lld.version());
        return Causes.of(report, plan);
    }
}
