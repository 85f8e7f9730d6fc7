package dev.ltocheck.cli;

import dev.ltocheck.kbuild.KbuildTree;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kernel tree whose kbuild lines check's report names (it never edits it). */
final class ReportTreeOptions {
    @Option(names = "--srctree", paramLabel = "DIR", description = "The kernel source tree whose kbuild lines the report"
            + " names (default: the current folder, else the folder of --link-cmd, when it is one).")
    Path srctree;

    @Option(names = "--objtree", paramLabel = "DIR", description = "The object tree of an O= build (default: --srctree).")
    Path objtree;

    /** The tree named, else the current folder, else the folder of the link command: the first that is one. */
    KbuildTree tree(Path linkCmd) {
        return find(srctree, objtree, linkCmd);
    }

    /** As {@link #tree}, for a command without these options. */
    static KbuildTree find(Path srctree, Path objtree, Path linkCmd) {
        if (srctree != null) {
            return new KbuildTree(srctree, objtree != null ? objtree : srctree);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(""));
        if (linkCmd != null && linkCmd.toAbsolutePath().getParent() != null) {
            candidates.add(linkCmd.toAbsolutePath().getParent());
        }
        for (Path dir : candidates) {
            if (KbuildTree.isSourceTree(dir.toAbsolutePath())) {
                return new KbuildTree(dir, objtree != null ? objtree : dir);
            }
        }
        return null;
    }
}
