package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.SilentChange;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;

import java.io.PrintWriter;

/**
 * {@code ltocheck check --format sarif}: SARIF 2.1.0, one result per failing import, located at
 * the importing module's source file, so that CI systems annotate it.
 */
public final class CheckSarifRenderer {
    static final String CONFLICT_RULE = "LTO001";
    static final String SILENT_RULE = "LTO002";

    private CheckSarifRenderer() {
    }

    public static void render(CheckReport report, PrintWriter out) {
        ObjectNode root = JsonOutput.object();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ltocheck");
        driver.put("informationUri", "https://github.com/ltocheck/ltocheck");
        ArrayNode rules = driver.putArray("rules");
        rule(rules, CONFLICT_RULE, "ConflictingModuleFlagImport",
                "A ThinLTO import crosses modules whose module flags cannot be merged: the link fails.");
        rule(rules, SILENT_RULE, "SilentModuleFlagChange",
                "A ThinLTO import changes the importing module's flags without an error.");
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.coverage().complete());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        report.coverage().skipped().forEach(p -> notifications.addObject().put("level", "warning")
                .putObject("message").put("text", p.line()));
        ArrayNode results = run.putArray("results");
        for (FailingImport f : report.result().errors()) {
            for (Import i : f.imports()) {
                ObjectNode result = results.addObject();
                result.put("ruleId", CONFLICT_RULE);
                result.put("level", "error");
                result.putObject("message").put("text", f.into().name() + " imports " + i.promoted() + " from "
                        + f.from().name() + ": '" + f.key() + "' " + report.value(f.into(), f.key()) + " vs "
                        + report.value(f.from(), f.key()) + " (via " + String.join(" -> ", i.chain()) + "). " + f.message());
                location(result, f.into());
            }
        }
        for (SilentChange c : report.result().warnings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", SILENT_RULE);
            result.put("level", "warning");
            result.putObject("message").put("text", c.into().name() + ": '" + c.key() + "' " + c.kind().name().toLowerCase()
                    + " importing from " + c.from().name());
            location(result, c.into());
        }
        JsonOutput.print(root, out);
    }

    private static void rule(ArrayNode rules, String id, String name, String text) {
        ObjectNode rule = rules.addObject();
        rule.put("id", id);
        rule.put("name", name);
        rule.putObject("shortDescription").put("text", text);
    }

    private static void location(ObjectNode result, ThinModule module) {
        result.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                .put("uri", module.summary().sourceFilename());
    }
}
