package dev.ltocheck.cli;

import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.report.FlagsJsonRenderer;
import dev.ltocheck.report.FlagsReport;
import dev.ltocheck.report.FlagsTextRenderer;
import dev.ltocheck.session.LinkModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Show the module flags ('Code Model', 'PIC Level', 'PIE Level', ...) of every bitcode module,"
                + " the flags that differ between modules first, and which objects are native.",
        footerHeading = "%nExamples:%n",
        footer = {"  ltocheck flags bitcode-samples/x86-pie/vmlinux.a",
                "      (which objects use another code model than the rest)",
                "  ltocheck flags --format json vmlinux.a",
                "      (every module's flags and the spread of each flag, for scripts)", ""})
final class FlagsCommand implements Callable<Integer> {
    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Mixin
    FormatOption format;

    @Option(names = "--all", description = "List every module of every group, not only the first "
            + FlagsTextRenderer.DEFAULT_LIST_LIMIT + " of the minority groups.")
    boolean all;

    @Option(names = "--by-module", description = "One row per module with all its flags.")
    boolean byModule;

    @Override
    public Integer call() {
        PrintWriter out = output.out();
        ModuleSet modules = input.open(output, LinkModel.DEFAULTS, false).readInputs().modules();
        FlagsReport report = FlagsReport.of(modules);
        if (format.format == FormatOption.Format.json) {
            FlagsJsonRenderer.render(report, out);
        } else if (byModule) {
            FlagsTextRenderer.renderByModule(report, out);
        } else {
            FlagsTextRenderer.render(report, all, out);
        }
        return ExitCode.of(ExitCode.OK, modules, null, input.allowIncomplete);
    }
}
