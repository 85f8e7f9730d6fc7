package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLine;
import dev.ltocheck.flags.FlagVerifier;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.imports.Import;
import dev.ltocheck.summary.Guid;

import java.io.PrintWriter;

/** {@code ltocheck check --format json}; schema {@code schema/check.schema.json}. */
public final class CheckJsonRenderer {
    private CheckJsonRenderer() {
    }

    public static void render(CheckReport report, PrintWriter out) {
        CheckResult r = report.result();
        ObjectNode root = JsonOutput.envelope("check");
        ObjectNode summary = root.putObject("summary");
        summary.put("thinModules", r.imports().modules().size());
        summary.put("fullLtoModules", r.imports().regular().size());
        summary.put("imports", r.imports().perModule().stream().mapToInt(m -> m.imports().size()).sum());
        summary.put("failingImportPairs", r.errors().size());
        summary.put("silentChanges", r.warnings().size());
        summary.put("lldErrors", r.lldLines().size());
        summary.put("lldErrorLimit", CheckResult.LLD_ERROR_LIMIT);
        summary.put("linkFails", r.linkFails());
        summary.put("link", report.linkOrigin());
        ArrayNode errors = root.putArray("errors");
        for (FailingImport f : r.errors()) {
            ObjectNode node = errors.addObject();
            node.put("flag", f.key());
            node.set("into", side(report, f.into(), f.key()));
            node.set("from", side(report, f.from(), f.key()));
            node.put("message", f.message());
            node.put("shownByLld", f.shownByLld());
            ArrayNode imports = node.putArray("imports");
            for (Import i : f.imports()) {
                ObjectNode imported = imports.addObject();
                imported.put("symbol", i.name());
                imported.put("promoted", i.promoted());
                imported.put("guid", Guid.text(i.guid()));
                imported.put("kind", i.kind() == Import.Kind.FUNCTION ? "function" : "variable");
                if (i.kind() == Import.Kind.FUNCTION) {
                    imported.put("instructions", i.size());
                }
                ArrayNode chain = imported.putArray("chain");
                i.chain().forEach(chain::add);
            }
        }
        ArrayNode warnings = root.putArray("warnings");
        for (SilentChange c : r.warnings()) {
            ObjectNode node = warnings.addObject();
            node.put("flag", c.key());
            node.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            node.put("into", c.into().name());
            node.put("from", c.from().name());
            if (c.before() != null) {
                node.put("before", c.before());
            }
            if (c.after() != null) {
                node.put("after", c.after());
            }
            if (c.message() != null) {
                node.put("message", c.message());
            }
        }
        ArrayNode regular = root.putArray("fullLtoConflicts");
        for (FailingImport f : r.regularConflicts()) {
            regular.addObject().put("flag", f.key()).put("message", f.message());
        }
        ArrayNode lines = root.putArray("lldLines");
        for (LldLine l : r.lldLines()) {
            lines.add(l.text());
        }
        if (!r.broken().isEmpty()) {
            ArrayNode broken = root.putArray("brokenModules");
            for (BrokenModule b : r.broken()) {
                ObjectNode node = broken.addObject().put("module", report.path(b.module()))
                        .put("rejectedByLlvm", b.rejectedByLlvm());
                ArrayNode problems = node.putArray("problems");
                for (FlagVerifier.Problem p : b.problems()) {
                    ObjectNode problem = problems.addObject().put("flag", p.key()).put("message", p.message());
                    if (p.operand() != null) {
                        problem.put("operand", p.operand());
                    }
                }
            }
        }
        root.set("problems", JsonOutput.problems(report.problems()));
        report.coverage().addTo(root);
        JsonOutput.print(root, out);
    }

    private static ObjectNode side(CheckReport report, dev.ltocheck.imports.ThinModule m, String key) {
        ObjectNode node = JsonOutput.identity(report.id(m));
        node.put("sourceFilename", m.summary().sourceFilename());
        node.put("value", report.value(m, key));
        return node;
    }
}
