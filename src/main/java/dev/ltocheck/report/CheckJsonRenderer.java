package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
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
        render(report, Headline.of(report, null), Causes.none(), out);
    }

    public static void render(CheckReport report, Headline headline, Causes causes, PrintWriter out) {
        JsonOutput.print(tree("check", report, headline, causes), out);
    }

    /**
     * With {@code --baseline}: the report, and under {@code baseline} the comparison (see
     * {@link BaselineRenderer#addTo}); {@code comparison} null prints the report alone.
     */
    public static void render(CheckReport report, Headline headline, Causes causes,
                              dev.ltocheck.baseline.BaselineComparison comparison, String baselineName, PrintWriter out) {
        ObjectNode root = tree("check", report, headline, causes);
        if (comparison != null) {
            BaselineRenderer.addTo(root, comparison, baselineName);
        }
        JsonOutput.print(root, out);
    }

    /** The report as a JSON tree; {@code explain} adds its log to it. */
    static ObjectNode tree(String command, CheckReport report, Headline headline, Causes causes) {
        CheckResult r = report.result();
        ObjectNode root = JsonOutput.envelope(command);
        ObjectNode head = root.putObject("headline");
        head.put("line", headline.line());
        head.put("outcome", headline.outcome().name().toLowerCase(java.util.Locale.ROOT));
        head.put("lld", headline.lld());
        head.put("modelling", headline.modelling());
        if (headline.optionsFrom() != null) {
            head.put("optionsFrom", headline.optionsFrom());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("thinModules", r.imports().modules().size());
        summary.put("fullLtoModules", r.imports().regular().size());
        summary.put("imports", r.imports().perModule().stream().mapToInt(m -> m.imports().size()).sum());
        summary.put("crossingImports", r.errors().stream().mapToInt(f -> f.imports().size()).sum());
        summary.put("failingImportPairs", r.errors().size());
        summary.put("failingModules", r.errors().stream().map(f -> f.into().name()).distinct().count());
        summary.put("silentChanges", r.warnings().size());
        summary.put("lldErrors", r.lldLines().size());
        summary.put("lldErrorLimit", CheckResult.LLD_ERROR_LIMIT);
        summary.put("linkFails", r.linkFails());
        summary.put("link", report.linkOrigin());
        ObjectNode lld = summary.putObject("lld");
        lld.put("version", report.lld().version().toString());
        lld.put("statement", report.lld().statement());
        lld.put("aborts", report.lld().aborts());
        lld.put("refused", report.lld().refused());
        lld.put("exitStatus", report.lld().exitStatus());
        ArrayNode newer = lld.putArray("newerProducers");
        for (dev.ltocheck.check.LldOutput.NewerModule m : report.lld().newer()) {
            newer.addObject().put("module", m.module()).put("producer", m.producer())
                    .put("summaryVersion", m.summaryVersion()).put("summaryRefused", m.summaryRefused());
        }
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
                imported.set("symbol", JsonOutput.symbol(i.name(), i.promoted()));
                imported.put("guid", Guid.text(report.lld().guid(i, f.from()))); // as the modelled lld names it
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
            node.set("into", module(report, c.into()));
            node.set("from", module(report, c.from()));
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
        report.lld().lines().forEach(lines::add);
        if (!r.broken().isEmpty()) {
            ArrayNode broken = root.putArray("brokenModules");
            for (BrokenModule b : r.broken()) {
                ObjectNode node = broken.addObject();
                var m = report.modules().get(b.module());
                node.set("module", m == null ? JsonOutput.module(dev.ltocheck.input.ModuleId.looseFile(b.module()), null)
                        : onlyOurs(report, b.module(), JsonOutput.module(m.id(), m.facts().sourceFilename())));
                node.put("rejectedByLlvm", b.rejectedByLlvm());
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
        addCauses(root, report, causes);
        ProfileProducerJson.addTo(root, report);
        return root;
    }

    /** The answer's structure: the flag boundaries, the objects of the fix plan, the objects that need nothing. */
    private static void addCauses(ObjectNode root, CheckReport report, Causes causes) {
        ArrayNode boundaries = root.putArray("boundaries");
        for (Causes.Boundary b : causes.boundaries()) {
            ObjectNode node = boundaries.addObject().put("flag", b.key());
            ArrayNode values = node.putArray("values");
            for (Causes.Value v : b.values()) {
                ObjectNode value = values.addObject();
                value.set("value", JsonOutput.flagValue(report.rawValue(v.example(), b.key()),
                        report.readableValue(v.example(), b.key())));
                value.put("modules", v.modules());
            }
        }
        ArrayNode array = root.putArray("causes");
        for (Causes.Cause c : causes.objects()) {
            ObjectNode node = array.addObject();
            node.set("object", module(report, c.module()));
            String key = c.fix().keys().isEmpty() ? null : c.fix().keys().get(0);
            ArrayNode flags = node.putArray("flags");
            c.fix().keys().forEach(flags::add);
            node.set("value", key == null ? JsonOutput.flagValue(null, null)
                    : JsonOutput.flagValue(report.rawValue(c.module(), key), report.readableValue(c.module(), key)));
            node.put("failingImportPairs", c.pairs());
            node.put("exportedInto", c.exportedInto().size());
            node.set("exports", crossings(c.exports()));
            node.put("importedFrom", c.importedFrom().size());
            node.set("imports", crossings(c.imports()));
            ObjectNode fix = node.putObject("fix");
            fix.put("line", c.fix().removeLine());
            if (c.fix().owner() != null) {
                fix.put("kbuildFile", c.fix().owner().kbuildFile().toString());
                fix.put("afterLine", c.fix().insertAfter());
                if (c.fix().introducedAt() > 0) {
                    fix.put("flagSetAt", c.fix().introducedAt());
                }
                fix.put("alreadyPresent", c.fix().alreadyFixed());
            }
        }
        ArrayNode spared = root.putArray("needNothing");
        for (Causes.Spared s : causes.spared()) {
            ObjectNode node = spared.addObject();
            node.set("object", module(report, s.module()));
            node.put("failingImportPairs", s.pairs());
            node.put("reason", s.reason());
        }
        ObjectNode plan = root.putObject("fixPlan");
        plan.put("objects", causes.objects().size());
        plan.put("stayInLto", causes.stayInLto());
        plan.put("verified", causes.verified());
        plan.put("remainingPairs", causes.remaining());
    }

    private static ArrayNode crossings(java.util.List<Causes.Crossing> crossings) {
        ArrayNode array = JsonOutput.object().arrayNode();
        for (Causes.Crossing x : crossings) {
            ObjectNode node = array.addObject();
            node.set("symbol", JsonOutput.symbol(x.name(), x.promoted()));
            node.put("kind", x.kind() == Import.Kind.FUNCTION ? "function" : "variable");
            node.put("definedIn", x.definedIn());
            node.put("modules", x.modules().size());
        }
        return array;
    }

    /** A module a finding names; {@code readByLtocheckOnly} says why when LLVM did not confirm its flags. */
    private static ObjectNode module(CheckReport report, dev.ltocheck.imports.ThinModule m) {
        return onlyOurs(report, m.name(), JsonOutput.module(report.id(m), m.summary().sourceFilename()));
    }

    private static ObjectNode onlyOurs(CheckReport report, String lldName, ObjectNode module) {
        ReadByLtocheckOnly why = report.onlyOursWhy(lldName);
        if (why != null) {
            module.put("readByLtocheckOnly", why.json());
        }
        return module;
    }

    private static ObjectNode side(CheckReport report, dev.ltocheck.imports.ThinModule m, String key) {
        ObjectNode node = module(report, m);
        node.set("value", JsonOutput.flagValue(report.rawValue(m, key), report.readableValue(m, key)));
        return node;
    }
}
