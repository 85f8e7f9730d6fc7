package dev.ltocheck.report;

import dev.ltocheck.baseline.Baseline;
import dev.ltocheck.baseline.BaselineComparison;
import dev.ltocheck.text.Plural;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * The comparison in check's JSON ({@code baseline} in {@code schema/check.schema.json}): the
     * counts, every current finding with its state (and, when new, the change that made it), and
     * the baseline's findings now gone. Modules are named as in the baseline file.
     */
    public static void addTo(ObjectNode root, BaselineComparison comparison, String baselineName) {
        ObjectNode node = root.putObject("baseline");
        node.put("file", baselineName);
        long fresh = comparison.newCount();
        node.put("new", fresh);
        node.put("unchanged", comparison.findings().size() - fresh);
        node.put("gone", comparison.absent().size());
        ArrayNode findings = node.putArray("findings");
        for (BaselineComparison.Compared c : comparison.findings()) {
            ObjectNode f = finding(findings.addObject(), c.finding());
            f.put("state", c.state().sarif());
            if (c.cause() != null) {
                ObjectNode cause = f.putObject("cause");
                cause.put("kind", c.cause().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                ArrayNode culprits = cause.putArray("culprits");
                c.cause().culprits().forEach(culprits::add);
                if (c.cause().boundary() != null) {
                    cause.put("boundary", c.cause().boundary());
                }
                cause.put("text", c.cause().text());
            }
        }
        ArrayNode gone = node.putArray("absent");
        comparison.absent().forEach(f -> finding(gone.addObject(), f));
    }

    private static ObjectNode finding(ObjectNode node, Baseline.Finding f) {
        return node.put("level", f.level()).put("into", f.into()).put("from", f.from()).put("flag", f.key());
    }

    static String describe(Baseline.Finding f) {
        return f.level() + ": " + f.into() + " imports from " + f.from() + " across '" + f.key() + "'";
    }
}
