package dev.ltocheck.report;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.imports.Import;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.io.StringWriter;

/** explain's text: the answer as check prints it, then each error line of the log with its modules and imports. */
public final class ExplainTextRenderer {
    private ExplainTextRenderer() {
    }

    /** The answer first (as check prints it), then each line of the log with its modules and imports. */
    public static void render(CheckReport report, Headline headline, FirstAnswer first, ExplainedLog log, boolean detail,
                              PrintWriter out) {
        StringWriter answer = new StringWriter();
        PrintWriter answerOut = new PrintWriter(answer);
        CheckTextRenderer.render(report, headline, first, TextStyle.forTerminal(), false, answerOut);
        answerOut.flush();
        // The answer without check's closing hint: the log's lines follow instead.
        answer.toString().lines().filter(l -> !l.startsWith("Every failing pair with its call chains: --detail"))
                .forEach(out::println);
        CheckResult result = report.result();
        if (!log.lines().isEmpty()) {
            out.println();
            out.println("The log's " + (log.lines().size() == 1 ? "error line" : log.lines().size() + " error lines")
                    + ", each with its modules and what is imported:");
        }
        for (ExplainedLog.Line l : log.lines()) {
            out.println(l.text());
            if (l.fullLto()) {
                LldLogLine.parse(l.text()).ifPresent(parsed -> explainFullLto(report, parsed, out));
            } else if (l.matched() == null) {
                out.println("    (no such failing import in the analysed link: is it the same build?)");
            } else {
                explainImport(report, l.matched(), out);
            }
        }
        if (!log.notInLog().isEmpty()) {
            out.println();
            LldOutput lld = report.lld();
            out.println("Not in the log (" + (lld.aborts() ? "ld.lld " + lld.version()
                    + " aborts at the first failing import" : "lld stops after " + CheckResult.LLD_ERROR_LIMIT + " errors")
                    + "): " + log.notInLog().size() + " more:");
            for (FailingImport f : log.notInLog()) {
                String text = result.lldLines().stream().filter(x -> x.module().equals(f.into().name()))
                        .map(lld::words).findFirst().orElse(f.message());
                out.println(text);
                explainImport(report, f, out);
            }
        }
        if (log.lines().isEmpty()) {
            out.println("No module-flag errors in the log.");
        }
        if (detail) {
            CheckTextRenderer.renderPairs(report, out);
        }
    }

    private static void explainImport(CheckReport report, FailingImport f, PrintWriter out) {
        out.println("    " + report.id(f.into()).path() + " (" + report.value(f.into(), f.key()) + ")"
                + report.onlyOurs(f.into()) + " imports from " + report.id(f.from()).path() + " ("
                + report.value(f.from(), f.key()) + ")" + report.onlyOurs(f.from()) + ":");
        for (Import i : f.imports()) {
            out.println("        " + i.promoted() + " (" + (i.kind() == Import.Kind.FUNCTION ? "function, " + Plural.count(i.size(), "inst") : "variable") + ") via " + String.join(" -> ", i.chain()));
        }
    }

    private static void explainFullLto(CheckReport report, LldLogLine l, PrintWriter out) {
        String src = LldLogLine.memberPart(l.source());
        report.result().imports().regular().stream().filter(m -> LldLogLine.memberPart(m.name()).equals(src))
                .findFirst().ifPresentOrElse(
                        m -> out.println("    " + report.id(m).path() + " (" + report.value(m, l.key())
                                + ")" + report.onlyOurs(m) + " cannot join the modules merged before it into ld-temp.o (full LTO: every"
                                + " module is merged, imports play no part)"),
                        () -> out.println("    (no such full-LTO module in the analysed link)"));
    }
}
