package dev.ltocheck.cli;

import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.report.ImportsReport;
import picocli.CommandLine.Option;

/** {@code imports}' filters: into a module, from a module, of a symbol. */
final class ImportFilterOptions {
    @Option(names = "--into", paramLabel = "MODULE", description = "Only imports into this module (lld name, path or basename).")
    String into;

    @Option(names = "--from", paramLabel = "MODULE", description = "Only imports from this module.")
    String from;

    @Option(names = "--symbol", paramLabel = "NAME", description = "Only imports of this symbol.")
    String symbol;

    /** The filter, once every module it names is one of the link's (else a usage error, exit 2). */
    ImportsReport.Filter of(ModuleSet modules, ImportResult result) {
        for (String[] named : new String[][]{{"--into", into}, {"--from", from}}) {
            if (named[1] != null && !ImportsReport.anyModuleMatches(named[1], modules, result)) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, named[0] + " " + named[1]
                        + ": no ThinLTO module of the link has that name (lld name, path or basename)");
            }
        }
        return new ImportsReport.Filter(into, from, symbol);
    }
}
