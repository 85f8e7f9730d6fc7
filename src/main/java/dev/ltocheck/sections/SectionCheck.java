package dev.ltocheck.sections;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FunctionReferences;
import dev.ltocheck.llvm.FunctionScanner;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.summary.Symbol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Code confined to a section (the kernel's .pi.text startup code) may only reach code in that
 * section. Finds every call and function address leaving it, including the calls codegen adds
 * for ftrace and the stack protector, resolved by name across all bitcode modules.
 */
public final class SectionCheck {
    private SectionCheck() {
    }

    /**
     * @param stemOf the kbuild stem of a module's object (for the fix lines)
     */
    public static SectionsResult run(ModuleSet set, List<String> confine, ImportResult imports,
                                     Function<ModuleId, String> stemOf) throws BitcodeLoadException {
        Set<String> confined = new LinkedHashSet<>(confine);
        Map<String, String> globalSections = new HashMap<>();
        for (BitcodeModule m : set.bitcode()) {
            for (Symbol s : m.summary().symbols()) {
                if (s.definition() && !s.linkage().isLocal()) {
                    globalSections.putIfAbsent(s.name(), section(s));
                }
            }
        }
        List<SectionReference> references = new ArrayList<>();
        List<dev.ltocheck.input.InputProblem> problems = new ArrayList<>();
        Map<String, List<String>> fixes = new LinkedHashMap<>();
        int functions = 0;
        try (FunctionScanner scanner = new FunctionScanner()) {
            for (BitcodeModule m : set.bitcode()) {
                if (m.summary().symbols().stream()
                        .noneMatch(s -> s.kind() == Symbol.Kind.FUNCTION && s.definition() && confined.contains(s.section()))) {
                    continue; // our own reader saw no confined function: no full parse needed
                }
                Map<String, String> localSections = new HashMap<>();
                m.summary().symbols().stream().filter(s -> s.definition() && s.linkage().isLocal())
                        .forEach(s -> localSections.put(s.name(), section(s)));
                Map<String, Import> importedHere = imported(imports, m.id().lldName());
                Set<Category> categories = new LinkedHashSet<>();
                try {
                    // A full parse reads function bodies too: walk them first.
                    dev.ltocheck.bitstream.StructureWalk.walk(bitcode(m), java.util.Set.of());
                } catch (dev.ltocheck.bitstream.BitstreamException e) {
                    problems.add(new dev.ltocheck.input.InputProblem(m.id().lldName(),
                            "function bodies not valid bitcode, not given to LLVM: " + e.getMessage()));
                    continue;
                } catch (java.io.UncheckedIOException e) {
                    // A member the cache had by its stamp is mapped only now.
                    problems.add(new dev.ltocheck.input.InputProblem(m.id().lldName(),
                            dev.ltocheck.input.InputObject.describe(e.getCause())));
                    continue;
                }
                for (FunctionReferences f : scanner.scan(bitcode(m), m.id().lldName(), confined::contains)) {
                    functions++;
                    List<SectionReference> found = new ArrayList<>();
                    for (FunctionReferences.Reference r : f.references()) {
                        String target = localSections.containsKey(r.target()) ? localSections.get(r.target())
                                : globalSections.get(r.target());
                        if (target != null && confined.contains(target)) {
                            continue;
                        }
                        found.add(new SectionReference(m.id().lldName(), f.name(), f.section(), r.target(), target,
                                Category.of(r.target()), r.call(), false, r.intrinsic(), r.sites(),
                                importedHere.get(r.target())));
                    }
                    if (f.fentry() || f.entryHook() != null) {
                        String hook = f.entryHook() != null ? f.entryHook() : "__fentry__";
                        found.add(new SectionReference(m.id().lldName(), f.name(), f.section(), hook,
                                globalSections.get(hook), Category.TRACING, true, true, false, 1, null));
                    }
                    if (f.stackProtector()) {
                        found.add(new SectionReference(m.id().lldName(), f.name(), f.section(), "__stack_chk_fail",
                                globalSections.get("__stack_chk_fail"), Category.STACK_PROTECTOR, true, true, false, 1,
                                null));
                    }
                    found.forEach(r -> categories.add(r.category()));
                    references.addAll(found);
                }
                String stem = stemOf.apply(m.id());
                List<String> lines = categories.stream().filter(Category::instrumentation)
                        .map(c -> c.fixLine(stem)).toList();
                if (!lines.isEmpty()) {
                    fixes.put(m.id().lldName(), lines);
                }
            }
        }
        return new SectionsResult(List.copyOf(confined), functions, List.copyOf(references), fixes, List.copyOf(problems));
    }

    private static String section(Symbol s) {
        return s.section().isEmpty() ? ".text" : s.section();
    }

    private static Map<String, Import> imported(ImportResult imports, String module) {
        Map<String, Import> byName = new HashMap<>();
        for (ModuleImports mi : imports.perModule()) {
            if (imports.modules().get(mi.module()).name().equals(module)) {
                mi.imports().forEach(i -> byName.put(i.name(), i));
            }
        }
        return byName;
    }

    private static ByteBuffer bitcode(BitcodeModule m) {
        ByteBuffer bytes = m.input().bytes();
        return ObjectFormat.of(bytes) == ObjectFormat.WRAPPED_BITCODE ? ObjectFormat.unwrap(bytes) : bytes;
    }
}
