package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.check.FailingImport;

import java.io.PrintWriter;

/**
 * {@code ltocheck explain --format json}: check's report (schema {@code schema/explain.schema.json}
 * extends check's) with the log's lines matched to the failing import pairs they name.
 */
public final class ExplainJsonRenderer {
    private ExplainJsonRenderer() {
    }

    public static void render(CheckReport report, Headline headline, Causes causes, ExplainedLog log, PrintWriter out) {
        ObjectNode root = CheckJsonRenderer.tree("explain", report, headline, causes);
        ObjectNode node = root.putObject("log");
        node.put("errorLines", log.lines().size());
        node.put("unmatched", log.unmatched());
        ArrayNode lines = node.putArray("lines");
        for (ExplainedLog.Line l : log.lines()) {
            ObjectNode line = lines.addObject();
            line.put("text", l.text());
            line.put("match", l.fullLto() ? "fullLto" : l.matched() == null ? "none" : "pair");
            if (l.matched() != null) {
                pair(line, report, l.matched());
            }
        }
        ArrayNode missing = node.putArray("notInLog");
        for (FailingImport f : log.notInLog()) {
            pair(missing.addObject(), report, f);
        }
        JsonOutput.print(root, out);
    }

    private static void pair(ObjectNode node, CheckReport report, FailingImport f) {
        node.put("flag", f.key());
        node.set("into", JsonOutput.module(report.id(f.into()), f.into().summary().sourceFilename()));
        node.set("from", JsonOutput.module(report.id(f.from()), f.from().summary().sourceFilename()));
    }
}
