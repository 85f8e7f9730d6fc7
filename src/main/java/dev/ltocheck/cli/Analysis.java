package dev.ltocheck.cli;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.modules.ModuleSet;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every analysing command starts from: the link's modules, its options, and lld's thin link.
 */
record Analysis(InputOptions.Link loaded, ImportOptions importOptions, LinkOptions linkOptions, ImportResult imports) {

    static Analysis of(InputOptions input, LinkModelOptions link, CommandSpec spec) {
        InputOptions.Link loaded = input.load(spec);
        ImportOptions options = link.importOptions(loaded.line(), spec);
        LinkOptions linkOptions = link.linkOptions(loaded.line(), loaded.modules()::nativeReferences);
        long started = System.nanoTime();
        ImportResult imports = dev.ltocheck.imports.ThinLink.run(loaded.modules().thinModules(), linkOptions, options,
                input.threads());
        if (InputOptions.verbose(spec)) {
            spec.commandLine().getErr().printf("ltocheck: thin link of %d modules in %d ms%n",
                    imports.modules().size(), InputOptions.millis(started, System.nanoTime()));
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
