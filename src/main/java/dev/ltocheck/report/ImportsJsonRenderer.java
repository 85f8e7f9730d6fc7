package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.summary.Guid;

import java.io.PrintWriter;

/** {@code ltocheck imports --format json}; schema {@code schema/imports.schema.json}. */
public final class ImportsJsonRenderer {
    private ImportsJsonRenderer() {
    }

    public static void render(ImportsReport report, ImportOptions options, PrintWriter out) {
        ObjectNode root = JsonOutput.envelope("imports");
        ObjectNode summary = root.putObject("summary");
        summary.put("modules", report.result().modules().size());
        summary.put("imports", report.imports().size());
        summary.put("importingModules", report.importingModules());
        summary.put("lazyMembersNotLinked", report.result().notJoined().size());
        ObjectNode knobs = root.putObject("options");
        knobs.put("importInstrLimit", options.instrLimit());
        knobs.put("importInstrEvolutionFactor", options.instrEvolutionFactor());
        knobs.put("importHotMultiplier", options.hotMultiplier());
        ArrayNode modules = root.putArray("modules");
        for (ThinModule m : report.result().modules()) {
            modules.add(JsonOutput.module(report.id(m), m.summary().sourceFilename()));
        }
        ArrayNode imports = root.putArray("imports");
        for (ImportsReport.Row row : report.imports()) {
            Import i = row.imported();
            ObjectNode node = imports.addObject();
            node.set("into", JsonOutput.module(report.id(row.into()), row.into().summary().sourceFilename()));
            node.set("from", JsonOutput.module(report.id(row.from()), row.from().summary().sourceFilename()));
            node.put("guid", Guid.text(i.guid()));
            node.set("symbol", JsonOutput.symbol(i.name(), i.promoted()));
            node.put("kind", i.kind() == Import.Kind.FUNCTION ? "function" : "variable");
            if (i.kind() == Import.Kind.FUNCTION) {
                node.put("instructions", i.size());
                node.put("threshold", i.threshold());
            }
            ArrayNode chain = node.putArray("chain");
            i.chain().forEach(chain::add);
        }
        root.set("problems", JsonOutput.problems(report.problems()));
        report.coverage().addTo(root);
        JsonOutput.print(root, out);
    }
}
