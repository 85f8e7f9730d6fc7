package dev.ltocheck.cli;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.report.ImportsDotRenderer;
import dev.ltocheck.report.ImportsJsonRenderer;
import dev.ltocheck.report.ImportsLldFailuresRenderer;
import dev.ltocheck.report.ImportsLldRenderer;
import dev.ltocheck.report.ImportsReport;
import dev.ltocheck.report.ImportsTextRenderer;
import dev.ltocheck.report.ImportsWhyRenderer;
import dev.ltocheck.session.LoadedLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "imports", mixinStandardHelpOptions = true,
        description = "Predict ThinLTO's function and variable imports exactly as ld.lld 20 computes them,"
                + " with the call chain that causes each.",
        footerHeading = "%nExamples:%n",
        footer = {"  ltocheck imports bitcode-samples/x86-pie/vmlinux.a --lib bitcode-samples/x86-pie/lib/lib.a"
                + " -mllvm -import-instr-limit=5",
                "      (the kernel's link: every import and why)",
                "  ltocheck imports --into head64.o -mllvm -import-instr-limit=5 vmlinux.a",
                "  ltocheck imports --format lld vmlinux.a | diff - <(ld.lld ... -mllvm -print-imports 2>&1)",
                "  ltocheck imports --why cmdline_find_option_bool -mllvm -import-instr-limit=5 vmlinux.a",
                "      (who considered importing it, and why it was not imported: TooLarge, Threshold = 5 ...)",
                "  ltocheck imports --format lld-failures vmlinux.a   (as ld.lld -mllvm -print-import-failures)",
                "  ltocheck imports --format dot vmlinux.a | dot -Tsvg > imports.svg", ""})
final class ImportsCommand implements Callable<Integer> {
    enum Format {
        text, json, dot, lld, lld_failures;

        @Override
        public String toString() {
            return name().replace('_', '-'); // picocli matches either spelling
        }
    }

    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, dot (module graph), lld (the lines of ld.lld -mllvm -print-imports),"
                    + " or lld-failures (the lines of ld.lld -mllvm -print-import-failures) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--why", paramLabel = "SYMBOL", description = "Every module that considered importing SYMBOL:"
            + " imported, or LLVM's reason it was not, with the threshold arithmetic.")
    String why;

    @Mixin
    ImportFilterOptions filter;

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        LoadedLink loaded = input.open(output, link.model(), true).load();
        ModuleSet modules = loaded.modules();
        ImportOptions options = loaded.importOptions();
        ImportResult result = loaded.imports();
        ImportsReport report = ImportsReport.of(modules, result, filter.of(modules, result));
        if (why != null) {
            ImportsWhyRenderer.render(report, options, why, out);
        } else {
            switch (format) {
                case lld_failures -> ImportsLldFailuresRenderer.render(result, options, out);
                case json -> ImportsJsonRenderer.render(report, options, out);
                case dot -> ImportsDotRenderer.render(report, out);
                case lld -> ImportsLldRenderer.render(result, out);
                default -> ImportsTextRenderer.render(report, out);
            }
        }
        return ExitCode.of(ExitCode.OK, modules, null, input.allowIncomplete);
    }
}
