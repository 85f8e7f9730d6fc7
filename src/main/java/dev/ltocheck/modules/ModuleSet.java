package dev.ltocheck.modules;

import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputProblem;

import java.util.List;

/**
 * Everything read from the inputs, each list in link order.
 *
 * @param problems inputs and members that could not be read, one line each
 * @param warnings things read on a best-effort basis (a summary version newer than LLVM 20's)
 */
public record ModuleSet(List<LoadedObject.BitcodeModule> bitcode,
                        List<LoadedObject.NativeObject> natives,
                        List<InputProblem> problems,
                        List<InputProblem> warnings) {

    /** The bitcode modules offered to the thin link, in input order; modules without a readable summary are left out. */
    public List<ThinModule> thinModules() {
        return bitcode.stream().map(m -> new ThinModule(m.id().lldName(), m.summary(), m.input().lazy()))
                .toList();
    }

    /**
     * Decodes what the member cache decodes only on use (summary records and symbols), on the
     * run's workers: before a thin link, which reads all of it from one thread.
     */
    public static void decodeSummaries(List<ThinModule> modules, dev.ltocheck.parallel.Workers workers) {
        workers.forEach(modules, m -> {
            touch(m.summary().globals());
            touch(m.summary().symbols());
        });
    }

    private static void touch(List<?> list) {
        if (!list.isEmpty()) {
            list.get(0);
        }
    }

    /** Every bitcode module's flags by lld name. */
    public java.util.Map<String, List<dev.ltocheck.flags.ModuleFlag>> flagsByModule() {
        java.util.Map<String, List<dev.ltocheck.flags.ModuleFlag>> map = new java.util.HashMap<>();
        bitcode.forEach(m -> map.put(m.id().lldName(), m.facts().flags()));
        return map;
    }

    /**
     * Every symbol some native object references: kept alive by an executable link. Read only when
     * asked (ld -r keeps every symbol anyway); an ELF object LLVM cannot read adds nothing.
     */
    public java.util.Set<String> nativeReferences() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (LoadedObject.NativeObject n : natives) {
            try {
                names.addAll(dev.ltocheck.llvm.NativeSymbols.undefined(n.input().bytes(), n.id().lldName()));
            } catch (dev.ltocheck.llvm.BitcodeLoadException e) {
                // its references are unknown; the link would reject the file itself
            }
        }
        return names;
    }

    /** True when nothing at all could be read: the only case that is a failure by itself. */
    public boolean nothingReadable() {
        return bitcode.isEmpty() && natives.isEmpty();
    }
}
