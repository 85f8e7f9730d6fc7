package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.baseline.Baseline;
import dev.ltocheck.baseline.BaselineComparison;
import dev.ltocheck.baseline.BaselineOf;
import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.imports.Import;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;

/**
 * {@code ltocheck check --format sarif}: SARIF 2.1.0, one result per failing import, located at
 * the importing module's source file, so that CI systems annotate it.
 */
public final class CheckSarifRenderer {
    static final String CONFLICT_RULE = "LTO001";
    static final String SILENT_RULE = "LTO002";
    static final String BROKEN_RULE = "LTO003";
    static final String CAUSE_RULE = "LTO004";

    private CheckSarifRenderer() {
    }

    public static void render(CheckReport report, PrintWriter out) {
        render(report, Causes.none(), out);
    }

    public static void render(CheckReport report, Causes causes, PrintWriter out) {
        JsonOutput.print(tree(report, causes), out);
    }

    /** With a baseline: every result's {@code baselineState}, and the baseline's findings now gone as {@code absent}. */
    public static void render(CheckReport report, Causes causes, BaselineComparison comparison, PrintWriter out) {
        JsonOutput.print(tree(report, causes, comparison), out);
    }

    /** The SARIF log; {@code explain} prints the same. */
    static ObjectNode tree(CheckReport report, Causes causes) {
        return tree(report, causes, null);
    }

    private static ObjectNode tree(CheckReport report, Causes causes, BaselineComparison comparison) {
        ObjectNode root = JsonOutput.object();
        ObjectNode run = JsonOutput.sarifRun(root,
                new String[]{CONFLICT_RULE, "ConflictingModuleFlagImport",
                        "A ThinLTO import crosses modules whose module flags cannot be merged: the link fails."},
                new String[]{SILENT_RULE, "SilentModuleFlagChange",
                        "A ThinLTO import changes the importing module's flags without an error."},
                new String[]{BROKEN_RULE, "BrokenModuleFlags",
                        "A module's flags are what LLVM's verifier rejects (lld stops: Broken module found), or a value"
                                + " no compiler writes."},
                new String[]{CAUSE_RULE, "ObjectToTakeOutOfLto",
                        "An object of the fix plan: what it exports and imports across conflicting module flags makes"
                                + " the link fail; the kbuild line takes it out of LTO (ltocheck fix writes it)."});
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.coverage().complete());
        invocation.putObject("properties").put("lldVersion", report.lld().version().toString())
                .put("lldStatement", report.lld().statement());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        report.coverage().skipped().forEach(p -> notifications.addObject().put("level", "warning")
                .putObject("message").put("text", p.line()));
        ArrayNode results = run.putArray("results");
        for (Causes.Cause c : causes.objects()) {
            causeResult(results, report, c);
            onlyOurs(results, report, c.module().name());
            if (comparison != null) {
                String object = stable(report, c.module().name());
                boolean fresh = comparison.findings().stream().anyMatch(x -> x.state() == BaselineComparison.State.NEW
                        && (x.finding().into().equals(object) || x.finding().from().equals(object)));
                baselineState(results, fresh ? BaselineComparison.State.NEW : BaselineComparison.State.UNCHANGED);
            }
        }
        for (FailingImport f : report.result().errors()) {
            for (Import i : f.imports()) {
                JsonOutput.sarifResult(results, CONFLICT_RULE, "error", f.into().name() + " imports " + i.promoted()
                        + " from " + f.from().name() + ": '" + f.key() + "' " + report.value(f.into(), f.key()) + " vs "
                        + report.value(f.from(), f.key()) + " (via " + String.join(" -> ", i.chain()) + "). "
                        + f.message() + notes(report, f.into().name(), f.from().name()), f.into().summary().sourceFilename());
                onlyOurs(results, report, f.into().name(), f.from().name());
                if (comparison != null) {
                    baselineState(results, comparison.stateOf(new Baseline.Finding("error",
                            stable(report, f.into().name()), stable(report, f.from().name()), f.key())));
                }
            }
        }
        for (SilentChange c : report.result().warnings()) {
            JsonOutput.sarifResult(results, SILENT_RULE, "warning", c.into().name() + ": '" + c.key() + "' "
                    + c.kind().name().toLowerCase() + " importing from " + c.from().name()
                    + notes(report, c.into().name(), c.from().name()), c.into().summary().sourceFilename());
            onlyOurs(results, report, c.into().name(), c.from().name());
            if (comparison != null) {
                baselineState(results, comparison.stateOf(new Baseline.Finding("warning",
                        stable(report, c.into().name()), stable(report, c.from().name()), c.key())));
            }
        }
        if (comparison != null) {
            for (Baseline.Finding gone : comparison.absent()) {
                boolean error = gone.level().equals("error");
                JsonOutput.sarifResult(results, error ? CONFLICT_RULE : SILENT_RULE, error ? "error" : "warning",
                        "Gone since the baseline: " + BaselineRenderer.describe(gone) + ".", gone.into());
                baselineState(results, BaselineComparison.State.ABSENT);
            }
        }
        for (BrokenModule b : report.result().broken()) {
            BitcodeModule m = report.modules().get(b.module());
            JsonOutput.sarifResult(results, BROKEN_RULE, "error", report.path(b.module()) + ": "
                    + b.problems().get(0).line() + notes(report, b.module()),
                    m == null ? b.module() : m.facts().sourceFilename());
            onlyOurs(results, report, b.module());
        }
        return root;
    }

    /**
     * The modules of the last result whose flags LLVM did not confirm, in its properties:
     * {@code readByLtocheckOnly}, lld's name of each to why ({@link ReadByLtocheckOnly#json()}).
     */
    private static void onlyOurs(ArrayNode results, CheckReport report, String... lldNames) {
        ObjectNode why = JsonOutput.object();
        for (String name : lldNames) {
            ReadByLtocheckOnly only = report.onlyOursWhy(name);
            if (only != null) {
                why.put(name, only.json());
            }
        }
        if (!why.isEmpty()) {
            ObjectNode result = (ObjectNode) results.get(results.size() - 1);
            ObjectNode properties = result.has("properties") ? (ObjectNode) result.get("properties")
                    : result.putObject("properties");
            properties.set("readByLtocheckOnly", why);
        }
    }

    /** The text's notes on modules whose flags LLVM did not confirm: {@code " head64.o: read by ltocheck only: ..."}. */
    private static String notes(CheckReport report, String... lldNames) {
        StringBuilder text = new StringBuilder();
        for (String name : lldNames) {
            ReadByLtocheckOnly only = report.onlyOursWhy(name);
            if (only != null) {
                String note = only.note().strip();
                text.append(' ').append(name).append(": ").append(note, 1, note.length() - 1).append('.');
            }
        }
        return text.toString();
    }

    private static void baselineState(ArrayNode results, BaselineComparison.State state) {
        ((ObjectNode) results.get(results.size() - 1)).put("baselineState", state.sarif());
    }

    private static String stable(CheckReport report, String lldName) {
        BitcodeModule m = report.modules().get(lldName);
        return m == null ? lldName : BaselineOf.stableName(m);
    }

    /** One result per object of the plan, at its kbuild line (or its source), the other side's sources related. */
    private static void causeResult(ArrayNode results, CheckReport report, Causes.Cause c) {
        ObjectNode result = results.addObject();
        result.put("ruleId", CAUSE_RULE);
        result.put("level", "error");
        String text = c.path() + " (" + c.value() + report.onlyOurs(c.module()) + ", " + Plural.count(c.pairs(), "failing import pair") + ")"
                + (c.exports().isEmpty() ? "" : ": exports " + CheckTextRenderer.kinds(c.exports()) + " into "
                + Plural.count(c.exportedInto().size(), "module"))
                + (c.imports().isEmpty() ? "" : (c.exports().isEmpty() ? ": " : "; ") + "imports "
                + CheckTextRenderer.kinds(c.imports()) + " from " + Plural.count(c.importedFrom().size(), "module"))
                + ". Fix: " + CheckTextRenderer.fixLine(c.fix());
        result.putObject("message").put("text", text);
        ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
        if (c.fix().owner() != null) {
            physical.putObject("artifactLocation").put("uri", c.fix().owner().kbuildFile().toString());
            if (c.fix().introducedAt() > 0) {
                physical.putObject("region").put("startLine", c.fix().introducedAt());
            }
        } else {
            physical.putObject("artifactLocation").put("uri", c.module().summary().sourceFilename());
        }
        ArrayNode related = result.putArray("relatedLocations");
        int id = 0;
        related.add(related(id++, c.module().summary().sourceFilename(), "defines what crosses the boundary"));
        java.util.Set<String> files = new java.util.TreeSet<>();
        for (Causes.Crossing x : c.imports()) {
            if (files.add(x.definedIn())) {
                related.add(related(id++, x.definedIn(), "defines what it imports: " + x.promoted()));
            }
        }
    }

    private static ObjectNode related(int id, String uri, String text) {
        ObjectNode node = JsonOutput.object();
        node.put("id", id);
        node.putObject("physicalLocation").putObject("artifactLocation").put("uri", uri);
        node.putObject("message").put("text", text);
        return node;
    }
}
