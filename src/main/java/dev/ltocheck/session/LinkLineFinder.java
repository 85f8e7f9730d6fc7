package dev.ltocheck.session;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.input.RegularFile;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.kbuild.KernelLink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The link a request names: its line, what its names are relative to, and its lazy archives. */
final class LinkLineFinder {
    /** @param lazy the line's lazy archives, and --lib's where the line does not take them itself */
    record Found(LinkLine line, Path workingDir, List<String> lazy) {
    }

    private final LinkRequest request;
    /** Where notes go (make about to run, the link rebuilt from auto.conf): one line each. */
    private final Consumer<String> notes;

    LinkLineFinder(LinkRequest request, Consumer<String> notes) {
        this.request = request;
        this.notes = notes;
    }

    Found find() {
        Path workingDir = Path.of("");
        LinkLine line;
        try {
            LinkRequest.Source source = request.source();
            if (source instanceof LinkRequest.SavedCommand saved) {
                Path linkCmd = saved.file();
                String text = RegularFile.readText(linkCmd).strip();
                if (CmdFile.isSaved(text)) {
                    workingDir = linkCmd.toAbsolutePath().getParent();
                }
                List<String> command = CmdFile.linkerCommand(text).orElseThrow(() -> new NoLinkException(
                        "--link-cmd " + linkCmd + ": no ld.lld command in it (give .vmlinux.o.cmd, a build log"
                                + " made with V=1, or a file holding the ld.lld command line)"));
                line = LinkLine.parse(command, linkCmd.toString());
            } else if (source instanceof LinkRequest.LinkerArguments arguments) {
                List<String> ld = arguments.arguments();
                // The pasted command: its first word is the linker itself, not an input.
                if (!ld.isEmpty() && LinkLine.isLinker(ld.get(0))) {
                    ld = ld.subList(1, ld.size());
                }
                line = LinkLine.parse(ld, "the ld.lld arguments after --");
            } else if (source instanceof LinkRequest.Named named) {
                line = withTreeOptions(named.inputs(), new LinkLine(named.inputs(), request.libraries(), List.of(),
                        true, null, List.of(), null, LinkRequest.COMMAND_LINE));
            } else {
                Path here = Path.of("").toAbsolutePath();
                if (!KernelLink.isObjectTree(here)) {
                    throw new NoLinkException("no inputs given, and " + here + " is not a kernel object tree (no"
                            + " .vmlinux.o.cmd or include/config/auto.conf)");
                }
                line = KernelLink.find(here, request.makeRefusal(), notes)
                        .orElseThrow(() -> new NoLinkException("cannot find the link of vmlinux.o in " + here));
            }
        } catch (IOException e) {
            throw new NoLinkException("cannot read the link command: " + Problems.describe(e));
        }
        List<String> lazy = new ArrayList<>(line.lazy());
        if (request.source() instanceof LinkRequest.SavedCommand || request.source() instanceof LinkRequest.LinkerArguments) {
            lazy.addAll(request.libraries());
        }
        return new Found(line, workingDir, lazy);
    }

    /**
     * Inputs named in a kernel object tree (the current folder, or the one folder named) are
     * linked as that tree links vmlinux.o: its options join wherever the user gave none of their
     * own, so that {@code ltocheck vmlinux.a} models kbuild's {@code -mllvm -import-instr-limit=5}
     * and {@code lib/lib.a}. Its libraries join only when no input is a folder (whose every
     * object is read already) and the tree is the current folder (whose names they are).
     */
    private LinkLine withTreeOptions(List<String> inputs, LinkLine named) throws IOException {
        if (!request.treeLinkOptions()) {
            return named;
        }
        Path here = Path.of("").toAbsolutePath();
        Path tree = KernelLink.isObjectTree(here) ? here
                : inputs.size() == 1 && Files.isDirectory(Path.of(inputs.get(0)))
                && KernelLink.isObjectTree(Path.of(inputs.get(0))) ? Path.of(inputs.get(0)) : null;
        if (tree == null) {
            return named;
        }
        Optional<LinkLine> treeLine = KernelLink.find(tree, request.makeRefusal(), notes);
        if (treeLine.isEmpty()) {
            return named;
        }
        boolean folders = inputs.stream().anyMatch(i -> Files.isDirectory(Path.of(i)));
        String name = tree.equals(here) ? treeLine.get().origin() : tree.resolve(treeLine.get().origin()).toString();
        return named.withOptionsOf(treeLine.get(), !folders && tree.equals(here), name);
    }
}
