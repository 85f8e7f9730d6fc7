package dev.ltocheck.cli;

import dev.ltocheck.baseline.Baseline;
import dev.ltocheck.baseline.BaselineComparison;
import dev.ltocheck.baseline.BaselineFile;
import dev.ltocheck.baseline.BaselineOf;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.report.BaselineRenderer;
import dev.ltocheck.session.Problems;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** check's options for CI: a baseline saved, a baseline compared with, and what fails the run. */
final class BaselineOptions {
    private static final Set<String> FAIL_ON = Set.of("error", "warning", "new");

    @Option(names = "--save-baseline", paramLabel = "FILE", description = "Write what this check knows (each module's"
            + " module flags, the imports across differing flags, the findings) to FILE as JSON (see the README, In CI),"
            + " for a later --baseline.")
    Path saveBaseline;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Report only what is new since the baseline FILE"
            + " (from --save-baseline), and for each new failure which change made it: a new flag difference (a"
            + " module's flags changed, or a new module's differ) or a new import across flags that already differed.")
    Path baseline;

    @Option(names = "--fail-on", paramLabel = "LEVEL", split = ",", defaultValue = "error",
            description = "When to exit 1, a list: error (any failing import), warning (any silent flag change too),"
                    + " new (only what is not in the --baseline counts: a new failing import; with warning, a new"
                    + " silent change too; old ones never exit 1) (default: ${DEFAULT-VALUE}).")
    List<String> failOn;

    void validate(Output output) {
        for (String level : failOn) {
            if (!FAIL_ON.contains(level)) {
                throw output.usage("--fail-on " + level + ": one of error, warning, new");
            }
        }
        if (failOn.contains("new") && baseline == null) {
            throw output.usage("--fail-on new needs a --baseline FILE to tell what is new");
        }
    }

    /**
     * Saves the baseline (--save-baseline) and compares with the old one (--baseline): null without
     * --baseline. A check that read only part of the link saves no baseline: one line says so, and
     * the file (or the one it would have replaced) stays as it was.
     */
    BaselineComparison compare(ModuleSet modules, CheckResult result, String lldVersion, Output output) {
        if (saveBaseline == null && baseline == null) {
            return null;
        }
        Baseline now = BaselineOf.of(modules, result, lldVersion);
        // The old one is read before the new one is saved: --baseline F --save-baseline F (compare,
        // then update) must not compare the run with itself.
        BaselineComparison comparison = null;
        if (baseline != null) {
            try {
                comparison = BaselineComparison.of(BaselineFile.read(baseline), now);
            } catch (IOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--baseline " + baseline + ": " + Problems.describe(e));
            } catch (BaselineFile.BaselineFormatException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--baseline " + e.getMessage());
            }
        }
        if (saveBaseline != null && lacksPartOfTheLink(modules, result)) {
            output.say("--save-baseline " + saveBaseline + " not written: this check is incomplete (some inputs"
                    + " or merges could not be read, listed above), and a baseline must cover the whole link");
        } else if (saveBaseline != null) {
            try {
                BaselineFile.write(now, saveBaseline);
            } catch (IOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--save-baseline " + saveBaseline + ": "
                        + Problems.describe(e));
            }
        }
        return comparison;
    }

    /**
     * Whether a baseline of this check would lack part of the link: an input or member unread, a
     * merge that crashed or that ltocheck cannot model. A module LLVM refused that ltocheck's own
     * readers read is in it, with those flags (the run still exits 3 for it).
     */
    private static boolean lacksPartOfTheLink(ModuleSet modules, CheckResult result) {
        Set<String> read = new java.util.HashSet<>();
        modules.bitcode().forEach(m -> read.add(m.id().lldName()));
        return modules.problems().stream().anyMatch(p -> !read.contains(p.subject()))
                || !result.crashedMerges().isEmpty() || !result.unmodelled().isEmpty();
    }

    void renderText(BaselineComparison comparison, PrintWriter out) {
        BaselineRenderer.renderText(comparison, baseline.toString(), out);
    }

    /** The baseline compared with, as the report names it. */
    String baselineName() {
        return baseline.toString();
    }

    /**
     * Whether the run exits 1: see --fail-on. With {@code new}, only findings not in the baseline
     * count: a new failing import, and with {@code warning} a new silent change; old ones never.
     */
    boolean fails(boolean linkFails, CheckResult result, BaselineComparison comparison) {
        boolean warning = failOn.contains("warning");
        if (failOn.contains("new")) {
            return comparison != null && comparison.findings().stream()
                    .anyMatch(c -> c.state() == BaselineComparison.State.NEW
                            && (c.finding().level().equals("error") || warning));
        }
        return failOn.contains("error") && linkFails || warning && (linkFails || !result.warnings().isEmpty());
    }
}
