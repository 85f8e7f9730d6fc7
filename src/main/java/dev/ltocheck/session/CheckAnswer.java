package dev.ltocheck.session;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.UserLinker;
import dev.ltocheck.report.Causes;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.report.FirstAnswer;
import dev.ltocheck.report.Headline;
import dev.ltocheck.report.ProfileMismatch;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What check, explain and the linker wrapper put first: the check of the link as the user's ld.lld
 * links it, the headline, and the one answer the first screen leads with ({@link #answer}).
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

    /**
     * What the first screen leads with, decided here once, by fix's rule: the rebuild when every
     * failing pair differs only in its profile, else the objects of the plan 'ltocheck fix' writes
     * (the failing imports grouped by them), any rebuild after them as an alternative.
     */
    public FirstAnswer answer(LinkSession session, LoadedLink link, KbuildTree tree) throws IOException, BitcodeLoadException {
        if (result.errors().isEmpty()) {
            return new FirstAnswer.Findings();
        }
        Causes causes = Causes.of(report, session.plan(link, result, tree, false, lld.version()));
        Optional<ProfileMismatch> rebuild = ProfileMismatch.whenRebuildIsTheFix(report);
        if (rebuild.isPresent()) {
            return new FirstAnswer.Rebuild(rebuild.get(), causes);
        }
        return causes.isEmpty() ? new FirstAnswer.Findings() : new FirstAnswer.OutOfLto(causes);
    }
}
