package dev.ltocheck.cli;

import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.report.BytePrintWriter;
import dev.ltocheck.report.Coverage;
import dev.ltocheck.report.SectionsRenderer;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
import dev.ltocheck.session.SectionsAnswer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;


@Command(name = "sections", mixinStandardHelpOptions = true,
        description = "Before linking: every call and function address leaving code confined to a section (.pi.text),"
                + " sanitizer, KCOV, ftrace and stack-protector calls included, in modpost's words, with the kbuild"
                + " lines that remove the instrumentation per object.",
        footerHeading = "%nExamples:%n",
        footer = {"  cd bitcode-samples/x86-pitext && ltocheck sections",
                "  ltocheck sections --confine .pi.text --confine .head.text vmlinux.a",
                "  ltocheck sections --srctree . | git apply", ""})
final class SectionsCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    @Mixin
    Output output;

    @Mixin
    InputOptions input;

    @Mixin
    LinkModelOptions link;

    @Mixin
    KbuildTreeOptions kbuild;

    @Option(names = "--confine", paramLabel = "SECTION", description = "A section whose code may only reach itself"
            + " (repeatable; default: .pi.text).")
    List<String> confine = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException, BitcodeLoadException {
        if (confine.stream().anyMatch(c -> c.isBlank())) {
            throw output.usage("--confine needs a section name, e.g. --confine .pi.text");
        }
        LinkSession session = input.open(output, link.model(), true);
        LoadedLink loaded = session.load();
        SectionsAnswer answer = session.sections(loaded, confine.isEmpty() ? List.of(".pi.text") : confine,
                kbuild.tree(output));
        answer.result().problems().forEach(p -> output.say(p.line()));
        answer.outside().forEach(object -> KbuildTreeOptions.reportOutside(object, output));
        PrintWriter out = output.out();
        switch (format) {
            case json -> SectionsRenderer.json(answer.result(), answer.ids()::get, answer.sources()::get,
                    Coverage.of(loaded.modules()), out);
            case sarif -> SectionsRenderer.sarif(answer.result(), answer.ids()::get, answer.sources()::get, out);
            default -> {
                SectionsRenderer.text(answer.result(), answer.ids()::get, answer.fixFiles(), out);
                if (answer.patch() != null && !answer.patch().edits().isEmpty()) {
                    out.println();
                    BytePrintWriter.writeBytes(out, answer.patch().unifiedDiff());
                }
            }
        }
        kbuild.applyIfAsked(answer.patch(), output);
        int verdict = answer.result().references().isEmpty() ? ExitCode.OK : ExitCode.LINK_FAILS;
        return ExitCode.of(verdict, loaded.modules(), null, input.allowIncomplete);
    }
}
