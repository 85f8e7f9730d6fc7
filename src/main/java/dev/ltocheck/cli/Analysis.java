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
import dev.ltocheck.modules.ModuleSet;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Optional;

/**
 * What every analysing command starts from: the link's modules, its options, and lld's thin link.
 */
record Analysis(InputOptions.Link loaded, ImportOptions importOptions, LinkOptions linkOptions, ImportResult imports) {

    static Analysis of(InputOptions input, LinkModelOptions link, CommandSpec spec) {
        InputOptions.Link loaded = input.load(spec);
        ImportOptions options = link.importOptions(loaded.line(), spec);
        LinkOptions linkOptions = link.linkOptions(loaded.line(), loaded.modules()::nativeReferences);
        long started = System.nanoTime();
        List<ThinModule> offered = loaded.modules().thinModules();
        Optional<ThinLinkMemo> memo = ThinLinkMemo.of(loaded.cache(), loaded.workingDir(), offered,
                loaded.contentHashes(), linkOptions, options);
        Optional<ImportResult> remembered = memo.flatMap(m -> m.find(offered));
        ImportResult imports = remembered.orElseGet(() -> {
            loaded.modules().decodeSummaries(input.threads());
            return ThinLink.run(offered, linkOptions, options, input.threads());
        });
        if (InputOptions.verbose(spec)) {
            spec.commandLine().getErr().printf("ltocheck: thin link of %d modules %s in %d ms%n",
                    imports.modules().size(), remembered.isPresent() ? "recalled (same modules and options)"
                            : "computed", InputOptions.millis(started, System.nanoTime()));
        }
        if (memo.isPresent() && remembered.isEmpty()) {
            InputOptions.inBackground(spec, "thin-link memo", () -> {
                memo.get().store(imports, offered);
                return List.of();
            });
        }
        return new Analysis(loaded, options, linkOptions, imports);
    }

    ModuleSet modules() {
        return loaded.modules();
    }

    CheckResult check() throws BitcodeLoadException {
        return LinkCheck.run(imports, modules().flagsByModule());
    }
}
