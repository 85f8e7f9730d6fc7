package dev.ltocheck.wrapper;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.CheckTextRenderer;
import dev.ltocheck.report.ExplainTextRenderer;
import dev.ltocheck.report.ExplainedLog;
import dev.ltocheck.report.FirstAnswer;
import dev.ltocheck.report.TextStyle;
import dev.ltocheck.session.CheckAnswer;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import dev.ltocheck.session.NoLinkException;
import dev.ltocheck.session.Problems;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the check said of the link before it ran, and what it needs to explain lld's lines if the
 * link then fails where it said it would pass.
 *
 * @param answer the check (null when there was none: the verdict is then {@link Verdict#UNKNOWN})
 */
record Prediction(Verdict verdict, LinkSession session, LoadedLink loaded, CheckAnswer answer) {
    enum Verdict { FAILS, PASSES, UNKNOWN }

    /**
     * The check of this very command line; a failing link's answer and the lines {@code linker}
     * would print go to {@code err}. Anything that keeps the check from an answer lets the link run.
     */
    static Prediction of(Supplier<LinkSession> sessions, Path linker, LinkerArguments link, PrintWriter err) {
        Prediction checked = check(sessions, err);
        CheckAnswer answer = checked.answer;
        try {
            if (checked.verdict == Verdict.UNKNOWN && answer != null) {
                err.println("ltocheck ld: the check is incomplete (see above): linking");
            } else if (checked.verdict == Verdict.FAILS) {
                FirstAnswer first = answer.answer(checked.session, checked.loaded, tree());
                CheckTextRenderer.render(answer.report(), answer.headline(), first, TextStyle.PLAIN, false, err);
                err.println();
                err.println("The lines " + linker + " would print:");
                CheckTextRenderer.renderLldLines(answer.lld(), link.errorLimit(), err);
            }
            return checked;
        } catch (BitcodeLoadException | IOException | RuntimeException e) {
            return failed(e, err);
        } finally {
            err.flush();
        }
    }

    /** The check of the link, its outcome not yet said; anything that keeps it from an answer is one line. */
    static Prediction check(Supplier<LinkSession> sessions, PrintWriter err) {
        try {
            LinkSession session = sessions.get();
            LoadedLink loaded = session.load();
            CheckAnswer answer = CheckAnswer.of(session, loaded, loaded.imports(), line -> err.println("ltocheck: " + line));
            CheckResult result = answer.result();
            Verdict verdict = answer.lld().fails() || result.linkFails() ? Verdict.FAILS
                    : !result.unmodelled().isEmpty() || !loaded.modules().problems().isEmpty() ? Verdict.UNKNOWN
                    : Verdict.PASSES;
            return new Prediction(verdict, session, loaded, answer);
        } catch (NoLinkException e) {
            err.println("ltocheck ld: " + e.getMessage() + ": linking without a check");
            err.flush();
            return new Prediction(Verdict.UNKNOWN, null, null, null);
        } catch (BitcodeLoadException | RuntimeException e) {
            return failed(e, err);
        }
    }

    private static Prediction failed(Exception e, PrintWriter err) {
        err.println("ltocheck ld: the check failed (" + Problems.describe(e) + "): linking without it; please report");
        err.flush();
        return new Prediction(Verdict.UNKNOWN, null, null, null);
    }

    /**
     * The link failed on module flags ({@code lldLines}, lld's lines) after this prediction said it
     * passes: says so, and explains the lines as 'ltocheck explain' does.
     */
    void explainMiss(List<String> lldLines, PrintWriter err) {
        err.println("ltocheck ld: the prediction missed: ltocheck said this link passes, and ld.lld failed on module flags"
                + " (a bug in ltocheck: please report it with this output). What ltocheck makes of ld.lld's lines:");
        if (answer == null) {
            err.flush();
            return;
        }
        try {
            ExplainedLog explained = ExplainedLog.of(answer.result(), lldLines);
            FirstAnswer first = answer.answer(session, loaded, tree());
            ExplainTextRenderer.render(answer.report(), answer.headline(), first, explained, false, err);
        } catch (BitcodeLoadException | IOException | RuntimeException e) {
            err.println("ltocheck ld: cannot explain ld.lld's lines (" + Problems.describe(e) + ")");
        }
        err.flush();
    }

    /** The kernel source tree whose kbuild lines the answer names: the current folder, when it is one. */
    private static KbuildTree tree() {
        Path here = Path.of("");
        return KbuildTree.isSourceTree(here.toAbsolutePath()) ? new KbuildTree(here, here) : null;
    }
}
