package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.sections.Category;
import dev.ltocheck.sections.SectionReference;
import dev.ltocheck.sections.SectionsResult;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code ltocheck sections}: modpost's lines per object, the kbuild lines, advice for ordinary calls. */
public final class SectionsRenderer {
    private SectionsRenderer() {
    }

    public static void text(SectionsResult r, Function<String, ModuleId> ids, Map<String, String> fixFiles,
                            PrintWriter out) {
        Map<String, List<SectionReference>> byObject = byObject(r);
        out.println(Plural.count(r.confinedFunctions(), "function") + " in " + String.join(", ", r.confined())
                + "; " + Plural.count(r.references().size(), "reference") + " leave it, from "
                + Plural.count(byObject.size(), "object"));
        for (Map.Entry<String, List<SectionReference>> e : byObject.entrySet()) {
            out.println();
            out.println(FlagsTextRenderer.where(ids.apply(e.getKey())));
            for (SectionReference ref : e.getValue()) {
                String how = ref.fromCodegen() ? ", added by codegen" : ref.fromIntrinsic() ? ", from llvm." + ref.target()
                        : ref.call() ? "" : ", address taken";
                out.println("  " + ref.modpostLine() + "  [" + ref.category().label()
                        + (ref.sites() > 1 ? ", " + ref.sites() + " sites" : "") + how + "]");
            }
            List<String> fix = r.fixLines().getOrDefault(e.getKey(), List.of());
            if (!fix.isEmpty()) {
                out.println("  fix" + (fixFiles.containsKey(e.getKey()) ? " (" + fixFiles.get(e.getKey()) + ")" : "")
                        + ": " + String.join("; ", fix));
            }
            for (SectionReference ref : e.getValue()) {
                if (ref.category() == Category.ORDINARY || ref.category() == Category.ADDRESS_TRANSLATION) {
                    String advice = ref.category() == Category.ADDRESS_TRANSLATION
                            ? "  " + ref.target() + ": translate without calling out of " + ref.callerSection()
                            + " (an inline or RIP-relative form), or move " + ref.target() + " into it"
                            : "  " + ref.target() + ": move it into " + ref.callerSection() + ", or mark it __always_inline";
                    if (ref.imported() != null) {
                        advice += "; ThinLTO imports it into this module (" + Plural.count(ref.imported().size(), "inst") + " <= "
                                + ref.imported().threshold() + "), so after LTO the call may be inlined away, or may not";
                    }
                    out.println(advice);
                }
            }
        }
        out.println();
        long instrumentation = r.references().stream().filter(x -> x.category().instrumentation()).count();
        long own = r.references().size() - instrumentation;
        out.println(r.references().isEmpty() ? "Nothing leaves " + String.join(", ", r.confined()) + "."
                : instrumentation == 0 ? Plural.count(own, "reference") + ", all from the code itself"
                + " (no instrumentation to remove)."
                : own == 0 ? Plural.count(instrumentation, "reference") + ", all from instrumentation"
                + " (the kbuild lines above remove them)."
                : Plural.count(instrumentation, "reference") + " from instrumentation (the kbuild lines"
                + " above remove them), " + own + " from the code itself.");
    }

    /** Schema {@code schema/sections.schema.json}; a module whose bodies could not be read counts as skipped. */
    public static void json(SectionsResult r, Function<String, ModuleId> ids, Function<String, String> sourceFile,
                            Coverage read, PrintWriter out) {
        ObjectNode root = JsonOutput.envelope("sections");
        ArrayNode confine = root.putArray("confine");
        r.confined().forEach(confine::add);
        ObjectNode summary = root.putObject("summary");
        summary.put("confinedFunctions", r.confinedFunctions());
        summary.put("references", r.references().size());
        ArrayNode refs = root.putArray("references");
        for (SectionReference ref : r.references()) {
            ObjectNode node = refs.addObject();
            node.set("object", JsonOutput.module(ids.apply(ref.object()), sourceFile.apply(ref.object())));
            node.put("caller", ref.caller());
            node.put("callerSection", ref.callerSection());
            node.put("target", ref.target());
            if (ref.targetSection() != null) {
                node.put("targetSection", ref.targetSection());
            }
            node.put("category", ref.category().name().toLowerCase(java.util.Locale.ROOT));
            node.put("call", ref.call());
            node.put("fromCodegen", ref.fromCodegen());
            node.put("fromIntrinsic", ref.fromIntrinsic());
            node.put("sites", ref.sites());
            if (ref.imported() != null) {
                node.putObject("importedByThinLto").put("instructions", ref.imported().size())
                        .put("threshold", ref.imported().threshold());
            }
        }
        ObjectNode fixes = root.putObject("fixes");
        r.fixLines().forEach((object, lines) -> {
            ArrayNode a = fixes.putArray(object);
            lines.forEach(a::add);
        });
        List<dev.ltocheck.input.InputProblem> problems = new ArrayList<>(read.skipped());
        problems.addAll(r.problems());
        root.set("problems", JsonOutput.problems(problems));
        new Coverage(read.read(), problems).addTo(root);
        JsonOutput.print(root, out);
    }

    public static void sarif(SectionsResult r, Function<String, ModuleId> ids,
                             Function<String, String> sourceFile, PrintWriter out) {
        ObjectNode root = JsonOutput.object();
        ObjectNode run = JsonOutput.sarifRun(root,
                new String[]{"LTO101", "SectionMismatch", "Code confined to a section reaches code outside it."});
        ArrayNode results = run.putArray("results");
        for (SectionReference ref : r.references()) {
            JsonOutput.sarifResult(results, "LTO101", ref.category().instrumentation() ? "error" : "warning",
                    ref.modpostLine() + " [" + ref.category().label() + "]", sourceFile.apply(ref.object()));
        }
        JsonOutput.print(root, out);
    }

    private static Map<String, List<SectionReference>> byObject(SectionsResult r) {
        Map<String, List<SectionReference>> byObject = new LinkedHashMap<>();
        for (SectionReference ref : r.references()) {
            byObject.computeIfAbsent(ref.object(), k -> new ArrayList<>()).add(ref);
        }
        return byObject;
    }
}
