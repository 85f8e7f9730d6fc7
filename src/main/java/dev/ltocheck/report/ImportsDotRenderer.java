package dev.ltocheck.report;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ltocheck imports --format dot}: modules as nodes, an edge from source to importer labelled with the count. */
public final class ImportsDotRenderer {
    private ImportsDotRenderer() {
    }

    public static void render(ImportsReport report, PrintWriter out) {
        Map<String, Integer> edges = new LinkedHashMap<>();
        for (ImportsReport.Row row : report.imports()) {
            edges.merge(quote(row.from().name()) + " -> " + quote(row.into().name()), 1, Integer::sum);
        }
        out.println("digraph imports {");
        out.println("  rankdir=LR;");
        out.println("  node [shape=box, fontname=monospace];");
        edges.forEach((edge, count) -> out.println("  " + edge + " [label=\"" + count + "\"];"));
        out.println("}");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
