package dev.ltocheck.modules;

import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputProblem;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything read from the inputs, each list in link order.
 *
 * @param problems inputs and members that could not be read, one line each
 * @param warnings things read on a best-effort basis (a summary version newer than LLVM 20's)
 * @param llvm     which members LLVM read itself; LLVM reads the modules a finding names through it
 */
public record ModuleSet(List<LoadedObject.BitcodeModule> bitcode,
                        List<LoadedObject.NativeObject> natives,
                        List<InputProblem> problems,
                        List<InputProblem> warnings,
                        LlvmCoverage llvm) {

    /** Modules whose facts are final as read. */
    public ModuleSet(List<LoadedObject.BitcodeModule> bitcode, List<LoadedObject.NativeObject> natives,
                     List<InputProblem> problems, List<InputProblem> warnings) {
        this(bitcode, natives, problems, warnings, LlvmCoverage.asRead());
    }

    /**
     * Inputs and members that could not be read, in link order; after {@link #confirmByLlvm}, also
     * each module LLVM refused when a finding named it (read by ltocheck only, as the run says).
     */
    @Override
    public List<InputProblem> problems() {
        return llvm.problems(bitcode, problems);
    }

    /** The bitcode modules in link order, with LLVM's facts for every module a finding named. */
    @Override
    public List<LoadedObject.BitcodeModule> bitcode() {
        return llvm.current(bitcode);
    }

    /**
     * LLVM reads every module of {@code named} it has not read: call before printing a finding
     * that names them. Empty when LLVM agrees with ltocheck's reader on each; otherwise the line
     * to print: LLVM then read every member, and what was found must be found again from
     * {@link #flagsByModule()}.
     */
    public Optional<String> confirmByLlvm(Set<String> named) {
        return llvm.confirm(bitcode, named);
    }

    /** The modules findings named that LLVM had not read while loading: given to LLVM, or recalled from the cache. */
    public LlvmCoverage.FindingReads findingReads() {
        return llvm.findingReads();
    }

    /** How many members LLVM read itself, and why. */
    public LlvmCoverage.Counts llvmCounts() {
        return llvm.counts(bitcode);
    }

    /** The bitcode modules offered to the thin link, in input order; modules without a readable summary are left out. */
    public List<ThinModule> thinModules() {
        return bitcode().stream().map(m -> new ThinModule(m.id().lldName(), m.summary(), m.input().lazy()))
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
        bitcode().forEach(m -> map.put(m.id().lldName(), m.facts().flags()));
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
        return bitcode().isEmpty() && natives.isEmpty();
    }
}
