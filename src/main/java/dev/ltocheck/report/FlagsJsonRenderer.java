package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.flags.FlagBehavior;
import dev.ltocheck.flags.FlagValueNames;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.LoadedObject.NativeObject;

import java.io.PrintWriter;

/** {@code ltocheck flags --format json}; the schema is {@code schema/flags.schema.json}. */
public final class FlagsJsonRenderer {
    private FlagsJsonRenderer() {
    }

    public static void render(FlagsReport report, PrintWriter out) {
        ObjectNode root = JsonOutput.envelope("flags");
        ObjectNode summary = root.putObject("summary");
        summary.put("bitcodeModules", report.modules().size());
        summary.put("nativeObjects", report.natives().size());
        summary.put("unreadable", report.problems().size());
        ObjectNode triples = summary.putObject("triples");
        report.triples().forEach(triples::put);

        ArrayNode modules = root.putArray("modules");
        for (BitcodeModule m : report.modules()) {
            ObjectNode node = modules.addObject();
            node.setAll(JsonOutput.module(m.id(), m.facts().sourceFilename()));
            node.put("triple", m.facts().triple());
            ArrayNode flags = node.putArray("flags");
            for (ModuleFlag f : m.facts().flags()) {
                flags.addObject()
                        .put("key", f.key())
                        .put("behavior", f.behaviorName())
                        .put("behaviorId", f.behavior())
                        .set("value", JsonOutput.flagValue(f.value().llvmText(),
                                FlagValueNames.readable(f.key(), f.value(), m.facts().triple())));
            }
        }
        ArrayNode natives = root.putArray("native");
        for (NativeObject n : report.natives()) {
            natives.add(JsonOutput.module(n.id(), null));
        }
        ArrayNode spreads = root.putArray("flags");
        for (FlagSpread spread : report.spreads()) {
            ObjectNode node = spreads.addObject();
            node.put("key", spread.key());
            node.put("uniform", spread.uniform());
            ArrayNode groups = node.putArray("groups");
            for (FlagSpread.FlagGroup g : spread.groups()) {
                ObjectNode group = groups.addObject();
                group.put("present", !g.absent());
                if (!g.absent()) {
                    group.put("behavior", FlagBehavior.nameOf(g.behavior()));
                    group.put("behaviorId", g.behavior());
                }
                group.set("value", g.absent() ? JsonOutput.flagValue(null, null) : JsonOutput.flagValue(g.value(), g.readable()));
                group.put("count", g.modules().size());
                ArrayNode names = group.putArray("modules");
                g.modules().forEach(m -> names.add(JsonOutput.module(m.id(), m.facts().sourceFilename())));
            }
        }
        root.set("problems", JsonOutput.problems(report.problems()));
        new Coverage(report.modules().size() + report.natives().size(), report.problems()).addTo(root);
        JsonOutput.print(root, out);
    }
}
