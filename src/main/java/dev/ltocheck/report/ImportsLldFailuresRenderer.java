package dev.ltocheck.report;

import dev.ltocheck.imports.DenseMapOrder;
import dev.ltocheck.imports.ImportDecision;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.summary.Guid;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code ld.lld -mllvm -print-import-failures} prints on stderr during the thin link
 * ({@code ModuleImportsManager::computeImportForModule}): for every ThinLTO module,
 * {@code Missed imports into module <name>}, then one line per callee GUID it considered and did
 * not import. Callees come in lld's order (its {@code ImportThresholds} map's); modules in link
 * order, where lld's is the hash order of their names: compare per module.
 */
public final class ImportsLldFailuresRenderer {
    private ImportsLldFailuresRenderer() {
    }

    public static List<String> lines(ImportResult result, ImportOptions options) {
        List<String> lines = new ArrayList<>();
        if (options.ltoOptLevel() == 0) {
            return lines; // --lto-O0: lld computes no imports, so prints nothing
        }
        for (ModuleImports mi : result.perModule()) {
            lines.add("Missed imports into module " + result.modules().get(mi.module()).name());
            List<ImportDecision> decisions = mi.decisions();
            long[] guids = new long[decisions.size()];
            for (int i = 0; i < guids.length; i++) {
                guids[i] = decisions.get(i).guid();
            }
            for (int at : DenseMapOrder.of(guids)) {
                if (!decisions.get(at).imported()) {
                    lines.add(line(result, decisions.get(at)));
                }
            }
        }
        return lines;
    }

    /** One failure as LLVM prints it: the ValueInfo (GUID, and the name when known), then the failure info. */
    public static String line(ImportResult result, ImportDecision d) {
        String name = result.nameOf(d);
        return Guid.text(d.guid()) + (name.isEmpty() ? "" : " (" + name + ")") + ": Reason = " + d.reason().llvmName()
                + ", Threshold = " + d.threshold() + ", Size = " + d.size() + ", MaxHotness = "
                + ImportDecision.hotnessName(d.maxHotness()) + ", Attempts = " + d.attempts();
    }

    public static void render(ImportResult result, ImportOptions options, PrintWriter out) {
        lines(result, options).forEach(out::println);
    }
}
