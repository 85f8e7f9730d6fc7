package dev.ltocheck.cli;

import dev.ltocheck.input.ModuleId;
import dev.ltocheck.kbuild.KbuildFile;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.report.Coverage;
import dev.ltocheck.report.SectionsRenderer;
import dev.ltocheck.sections.SectionCheck;
import dev.ltocheck.sections.SectionsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Spec
    CommandSpec spec;

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
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--confine needs a section name, e.g. --confine .pi.text");
        }
        PrintWriter out = spec.commandLine().getOut();
        Analysis analysis = Analysis.of(input, link, spec);
        KbuildTree tree = kbuild.tree(spec);
        Map<String, ModuleId> ids = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (BitcodeModule m : analysis.modules().bitcode()) {
            ids.put(m.id().lldName(), m.id());
            sources.put(m.id().lldName(), m.facts().sourceFilename());
        }
        Map<ModuleId, KbuildTree.Owner> owners = new HashMap<>();
        // LLVM parses whole modules here: on a thread with the stack LLVM's loader threads have.
        SectionsResult result = dev.ltocheck.llvm.LlvmThreads.call("ltocheck-sections", () -> SectionCheck.run(
                analysis.modules(), confine.isEmpty() ? List.of(".pi.text") : confine, analysis.imports(),
                id -> stem(tree, id, owners)));
        result.problems().forEach(p -> spec.commandLine().getErr().println("ltocheck: " + p.line()));
        List<MakefilePatch.Addition> additions = new ArrayList<>();
        Map<String, String> fixFiles = new HashMap<>();
        for (Map.Entry<String, List<String>> e : result.fixLines().entrySet()) {
            KbuildTree.Owner owner = owners.get(ids.get(e.getKey()));
            if (owner != null) {
                KbuildFile file = tree.file(owner);
                additions.add(new MakefilePatch.Addition(owner.kbuildFile(),
                        file.insertAfter(owner.stem(), file.anchor(owner.stem(), List.of()).orElse(null)), e.getValue()));
                fixFiles.put(e.getKey(), owner.kbuildFile().toString());
            } else if (owners.containsKey(ids.get(e.getKey()))) {
                KbuildTreeOptions.reportOutside(dev.ltocheck.kbuild.FixPlanner.objectPath(ids.get(e.getKey()), tree.objtree()), spec);
            }
        }
        MakefilePatch patch = tree == null ? null : MakefilePatch.ofAdditions(tree.srctree(), additions);
        switch (format) {
            case json -> SectionsRenderer.json(result, ids::get, sources::get, Coverage.of(analysis.modules()), out);
            case sarif -> SectionsRenderer.sarif(result, ids::get, sources::get, out);
            default -> {
                SectionsRenderer.text(result, ids::get, fixFiles, out);
                if (patch != null && !patch.edits().isEmpty()) {
                    out.println();
                    patch.unifiedDiff().forEach(out::println);
                }
            }
        }
        kbuild.applyIfAsked(patch, spec);
        return input.exitCode(analysis.modules(), result.references().isEmpty() ? ExitCode.OK : ExitCode.LINK_FAILS);
    }

    private static String stem(KbuildTree tree, ModuleId id, Map<ModuleId, KbuildTree.Owner> owners) {
        if (tree != null) {
            try {
                Path object = dev.ltocheck.kbuild.FixPlanner.objectPath(id, tree.objtree());
                if (KbuildTree.leavesTree(object)) {
                    owners.put(id, null);
                }
                KbuildTree.Owner owner = tree.owner(object).orElse(null);
                if (owner != null) {
                    owners.put(id, owner);
                    return owner.stem();
                }
            } catch (IOException e) {
                // fall back to the basename
            }
        }
        String name = id.fileName();
        return name.endsWith(".o") ? name.substring(0, name.length() - 2) : name;
    }
}
