package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.imports.Import;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;

import java.io.PrintWriter;

/**
 * {@code ltocheck check --format sarif}: SARIF 2.1.0, one result per failing import, located at
 * the importing module's source file, so that CI systems annotate it.
 */
public final class CheckSarifRenderer {
    static final String CONFLICT_RULE = "LTO001";
    static final String SILENT_RULE = "LTO002";
    static final String BROKEN_RULE = "LTO003";

    private CheckSarifRenderer() {
    }

    public static void render(CheckReport report, PrintWriter out) {
        ObjectNode root = JsonOutput.object();
        ObjectNode run = JsonOutput.sarifRun(root,
                new String[]{CONFLICT_RULE, "ConflictingModuleFlagImport",
                        "A ThinLTO import crosses modules whose module flags cannot be merged: the link fails."},
                new String[]{SILENT_RULE, "SilentModuleFlagChange",
                        "A ThinLTO import changes the importing module's flags without an error."},
                new String[]{BROKEN_RULE, "BrokenModuleFlags",
                        "A module's flags are what LLVM's verifier rejects (lld stops: Broken module found), or a value"
                                + " no compiler writes."});
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.coverage().complete());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        report.coverage().skipped().forEach(p -> notifications.addObject().put("level", "warning")
                .putObject("message").put("text", p.line()));
        ArrayNode results = run.putArray("results");
        for (FailingImport f : report.result().errors()) {
            for (Import i : f.imports()) {
                JsonOutput.sarifResult(results, CONFLICT_RULE, "error", f.into().name() + " imports " + i.promoted()
                        + " from " + f.from().name() + ": '" + f.key() + "' " + report.value(f.into(), f.key()) + " vs "
                        + report.value(f.from(), f.key()) + " (via " + String.join(" -> ", i.chain()) + "). "
                        + f.message(), f.into().summary().sourceFilename());
            }
        }
        for (SilentChange c : report.result().warnings()) {
            JsonOutput.sarifResult(results, SILENT_RULE, "warning", c.into().name() + ": '" + c.key() + "' "
                    + c.kind().name().toLowerCase() + " importing from " + c.from().name(),
                    c.into().summary().sourceFilename());
        }
        for (BrokenModule b : report.result().broken()) {
            BitcodeModule m = report.modules().get(b.module());
            JsonOutput.sarifResult(results, BROKEN_RULE, "error", report.path(b.module()) + ": "
                    + b.problems().get(0).line(), m == null ? b.module() : m.facts().sourceFilename());
        }
        JsonOutput.print(root, out);
    }
}
