package dev.ltocheck.session;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.modules.ModuleSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every analysing command starts from: the link's modules and options, and lld's thin link.
 *
 * @param thinLink how {@code imports} was obtained
 */
public record LoadedLink(LinkInputs inputs, ImportOptions importOptions, LinkOptions linkOptions, ImportResult imports,
                         ThinLinkOrigin thinLink) {

    public ModuleSet modules() {
        return inputs.modules();
    }

    public LinkLine line() {
        return inputs.line();
    }

    public Path workingDir() {
        return inputs.workingDir();
    }

    /** The thin link as full LTO sees it (--lto full): every module merged into ld-temp.o, nothing imported. */
    public ImportResult importsAsFullLto() {
        List<ThinModule> all = new ArrayList<>(imports.modules());
        all.addAll(imports.regular());
        return new ImportResult(List.of(), List.of(), imports.notJoined(), List.copyOf(all));
    }
}
