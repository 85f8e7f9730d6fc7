package dev.ltocheck.report;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ltocheck imports}: per importing module, what it imports, from where, and why. */
public final class ImportsTextRenderer {
    private ImportsTextRenderer() {
    }

    public static void render(ImportsReport report, PrintWriter out) {
        out.println(Plural.count(report.result().modules().size(), "ThinLTO module") + ", "
                + Plural.count(report.imports().size(), "import") + ", "
                + Plural.count(report.importingModules(), "module") + " importing anything"
                + (report.result().notJoined().isEmpty() ? ""
                : "; " + Plural.count(report.result().notJoined().size(), "lazy archive member")
                + " not linked"));
        Map<ThinModule, List<ImportsReport.Row>> byModule = new LinkedHashMap<>();
        for (ImportsReport.Row row : report.imports()) {
            byModule.computeIfAbsent(row.into(), k -> new java.util.ArrayList<>()).add(row);
        }
        for (Map.Entry<ThinModule, List<ImportsReport.Row>> e : byModule.entrySet()) {
            out.println();
            out.println(FlagsTextRenderer.where(report.id(e.getKey())) + "  imports " + e.getValue().size());
            int width = e.getValue().stream().mapToInt(r -> r.imported().promoted().length()).max().orElse(0);
            for (ImportsReport.Row row : e.getValue()) {
                Import i = row.imported();
                String what = i.kind() == Import.Kind.FUNCTION
                        ? "function " + i.size() + " insts <= " + i.threshold()
                        : "variable";
                out.println("  " + i.promoted() + " ".repeat(width - i.promoted().length()) + "  " + what
                        + " ".repeat(Math.max(0, 24 - what.length())) + "  from " + row.from().name() + "  via " + String.join(" -> ", i.chain()));
            }
        }
        FlagsTextRenderer.renderProblems(report.problems(), out);
        FlagsTextRenderer.renderIncomplete(report.coverage(), out);
    }
}
