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
        return new Analysis(loaded, options, linkOptions,
                dev.ltocheck.imports.ThinLink.run(loaded.modules().thinModules(), linkOptions, options));
    }

    ModuleSet modules() {
        return loaded.modules();
    }

    CheckResult check() throws BitcodeLoadException {
        return LinkCheck.run(imports, modules().flagsByModule());
    }
}
