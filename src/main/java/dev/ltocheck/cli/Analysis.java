package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.cache.ThinLinkMemo;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.modules.ModuleSet;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Optional;

/**
 * What every analysing command starts from: the link's modules, its options, and lld's thin link.
 */
record Analysis(InputOptions.Link loaded, ImportOptions importOptions, LinkOptions linkOptions, ImportResult imports,
                InputOptions input, java.io.PrintWriter err) {

    /** A thin link computed from the first pass's modules, while LLVM read them. */
    private record Early(List<ThinModule> offered, ImportResult imports, long nanos) {
    }

    static Analysis of(InputOptions input, LinkModelOptions link, CommandSpec spec) {
        link.validate(spec);
        // The thin link needs the summaries only, which ltocheck's own first pass reads: it runs
        // while LLVM reads the members' flags, unless LLVM has nothing to read (every member from
        // the cache: then the memo may know the outcome) or the link's options depend on native
        // objects' symbols (executable links).
        InputOptions.Overlapped<Early> overlapped = input.loadWhile(spec, (line, first) -> {
            Optional<LinkOptions> options = link.linkOptionsWithoutNatives(line);
            if (first.fromCache() || options.isEmpty()) {
                return null;
            }
            long started = System.nanoTime();
            ModuleSet.decodeSummaries(first.offered(), input.threads());
            ImportResult imports = ThinLink.run(first.offered(), options.get(), link.importOptions(line, spec),
                    input.threads());
            return new Early(first.offered(), imports, System.nanoTime() - started);
        });
        InputOptions.Link loaded = overlapped.link();
        ImportOptions options = link.importOptions(loaded.line(), spec);
        LinkOptions linkOptions = link.linkOptions(loaded.line(), loaded.modules()::nativeReferences);
        long started = System.nanoTime();
        List<ThinModule> offered = loaded.modules().thinModules();
        Early early = overlapped.meanwhile();
        boolean earlyHolds = early != null && sameModules(early.offered(), offered);
        Optional<ThinLinkMemo> memo = ThinLinkMemo.of(loaded.cache(), loaded.workingDir(), offered,
                loaded.contentHashes(), linkOptions, options);
        Optional<ImportResult> remembered = earlyHolds ? Optional.empty() : memo.flatMap(m -> m.find(offered));
        ImportResult imports;
        String how;
        if (earlyHolds) {
            imports = early.imports();
            how = "computed beside LLVM's reading in " + early.nanos() / 1_000_000 + " ms";
        } else if (remembered.isPresent()) {
            imports = remembered.get();
            how = "recalled (same modules and options) in " + InputOptions.millis(started, System.nanoTime()) + " ms";
        } else {
            ModuleSet.decodeSummaries(offered, input.threads());
            imports = ThinLink.run(offered, linkOptions, options, input.threads());
            how = "computed in " + InputOptions.millis(started, System.nanoTime()) + " ms"
                    + (early != null ? " (again: LLVM and ltocheck's flag reader both refused a module)" : "");
        }
        if (InputOptions.verbose(spec)) {
            spec.commandLine().getErr().printf("ltocheck: thin link of %d modules %s%n", imports.modules().size(), how);
        }
        if (memo.isPresent() && remembered.isEmpty()) {
            // The outcome refers to the modules it was computed on: the early ones, or the final ones.
            List<ThinModule> computedOn = earlyHolds ? early.offered() : offered;
            InputOptions.inBackground(spec, "thin-link memo", () -> memo.get().store(imports, computedOn));
        }
        return new Analysis(loaded, options, linkOptions, imports, input, spec.commandLine().getErr());
    }

    /** The same modules, in the same order, with the very summaries (the second pass keeps the first's). */
    private static boolean sameModules(List<ThinModule> early, List<ThinModule> last) {
        if (early.size() != last.size()) {
            return false;
        }
        for (int i = 0; i < early.size(); i++) {
            ThinModule a = early.get(i);
            ThinModule b = last.get(i);
            if (!a.name().equals(b.name()) || a.lazy() != b.lazy() || a.summary() != b.summary()) {
                return false;
            }
        }
        return true;
    }

    ModuleSet modules() {
        return loaded.modules();
    }

    /**
     * The flag merges of {@code imports} as {@code lld} merges them, in the process or isolated as
     * asked; each crashed merge one line on stderr.
     */
    CheckResult check(ImportResult imports, LldVersion lld) throws BitcodeLoadException {
        CheckResult result = LinkCheck.run(imports, modules().flagsByModule(), input.flagMergers(), lld);
        // LLVM reads every module a finding names before it is printed; if it disagrees with
        // ltocheck's reader, it has read every member, and the findings are made again from its facts.
        Optional<String> disagreed = modules().confirmByLlvm(result.modulesNamed());
        if (disagreed.isPresent()) {
            err.println("ltocheck: warning: " + disagreed.get());
            result = LinkCheck.run(imports, modules().flagsByModule(), input.flagMergers(), lld);
        }
        result.crashedMerges().forEach(line -> err.println("ltocheck: " + line));
        // A value ltocheck cannot model makes the run incomplete (exit 3): one line per module, as
        // for any input it could not read.
        result.unmodelled().forEach(b -> err.println("ltocheck: " + b.module() + ": " + b.problems().get(0).line()
                + "; ltocheck cannot model its merge (ld.lld " + LldVersion.BUNDLED + " links it)"));
        err.flush();
        return result;
    }

    /**
     * The fix plan for {@code check}: its after-check merges where this run merges (isolated with
     * --isolate) and as {@code lld} merges, so fix, check and explain verify one model.
     */
    dev.ltocheck.kbuild.FixPlan plan(CheckResult check, dev.ltocheck.kbuild.KbuildTree tree, boolean robust, LldVersion lld)
            throws java.io.IOException, BitcodeLoadException {
        return dev.ltocheck.kbuild.FixPlanner.plan(modules(), check, tree, robust, linkOptions, importOptions,
                input.flagMergers(), lld);
    }
}
