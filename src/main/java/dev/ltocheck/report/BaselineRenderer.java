package dev.ltocheck.report;

import dev.ltocheck.baseline.Baseline;
import dev.ltocheck.baseline.BaselineComparison;

import java.io.PrintWriter;

/** {@code check --baseline}: only what is new, each new failure with the change that made it. */
public final class BaselineRenderer {
    private BaselineRenderer() {
    }

    public static void renderText(BaselineComparison comparison, String baselineName, PrintWriter out) {
        long fresh = comparison.newCount();
        long unchanged = comparison.findings().size() - fresh;
        out.println("Against the baseline " + baselineName + ": " + Plural.count((int) fresh, "new finding") + ", "
                + unchanged + " unchanged, " + comparison.absent().size() + " gone.");
        for (BaselineComparison.Compared c : comparison.findings()) {
            if (c.state() == BaselineComparison.State.NEW) {
                out.println("new " + describe(c.finding()) + ": " + c.cause().text());
            }
        }
        for (Baseline.Finding f : comparison.absent()) {
            out.println("gone " + describe(f));
        }
    }

    static String describe(Baseline.Finding f) {
        return f.level() + ": " + f.into() + " imports from " + f.from() + " across '" + f.key() + "'";
    }
}
