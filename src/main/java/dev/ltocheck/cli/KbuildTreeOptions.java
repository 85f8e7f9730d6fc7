package dev.ltocheck.cli;

import dev.ltocheck.apply.TreeWriter;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.kbuild.StaleObjects;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.parallel.Workers;
import dev.ltocheck.text.Plural;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The kernel tree a command edits, and --apply: shared by fix and sections. */
final class KbuildTreeOptions {
    @Option(names = "--srctree", paramLabel = "DIR",
            description = "The kernel source tree (default: the current folder when it has Kbuild/Makefile and"
                    + " scripts/Makefile.build).")
    Path srctree;

    @Option(names = "--objtree", paramLabel = "DIR", description = "The object tree of an O= build (default: --srctree).")
    Path objtree;

    @Option(names = "--apply", description = "Edit the kbuild files in place: all files or none, never a file whose"
            + " real path lies outside the tree (refused, changing nothing, when one does, changed since it was read"
            + " or is read-only). An --apply that was interrupted is completed or rolled back by the next one.")
    boolean apply;

    /**
     * The tree, or null; with --apply, an earlier apply interrupted in it is first completed or
     * rolled back (one line says which), so that the patch is made from whole files.
     */
    KbuildTree tree(Output output) {
        KbuildTree tree = tree();
        if (apply && tree != null) {
            try {
                new TreeWriter(tree.srctree()).recover()
                        .ifPresent(output::say);
            } catch (IOException e) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "not applied: " + e.getMessage());
            }
        }
        return tree;
    }

    /** The tree, or null when none was given and the current folder is not one. */
    KbuildTree tree() {
        if (srctree != null) {
            if (!java.nio.file.Files.isDirectory(srctree)) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--srctree " + srctree + ": no such folder");
            }
            if (!java.nio.file.Files.isRegularFile(srctree.resolve("Makefile"))
                    && !java.nio.file.Files.isRegularFile(srctree.resolve("Kbuild"))) {
                throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--srctree " + srctree
                        + ": no Makefile or Kbuild there, so no kbuild file to change: is it the kernel source tree?");
            }
        }
        if (objtree != null && !java.nio.file.Files.isDirectory(objtree)) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--objtree " + objtree + ": no such folder");
        }
        Path source = srctree != null ? srctree
                : KbuildTree.isSourceTree(Path.of("").toAbsolutePath()) ? Path.of("") : null;
        return source == null ? null : new KbuildTree(source, objtree != null ? objtree : source);
    }

    /** One line for an object whose path leaves the tree: it is reported, never patched. */
    static void reportOutside(Path object, Output output) {
        output.say(object + ": the member's path leaves the tree; not patched");
    }

    /** One line per object of the plan whose path leaves {@code tree} (none without a tree). */
    static void reportOutside(dev.ltocheck.kbuild.FixPlan plan, KbuildTree tree, Output output) {
        if (tree != null) {
            plan.objects().stream().filter(o -> KbuildTree.leavesTree(o.object()))
                    .forEach(o -> reportOutside(o.object(), output));
        }
    }

    /** Applies the patch when --apply was given; one line per edited file on stderr. */
    void applyIfAsked(MakefilePatch patch, Output output) {
        if (!apply) {
            return;
        }
        if (patch == null) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "--apply needs a kernel source tree (--srctree)");
        }
        try {
            patch.apply();
        } catch (IOException e) {
            throw new ExitException(ExitCode.USAGE_OR_UNREADABLE, "not applied: " + e.getMessage());
        }
        patch.edits().forEach(e -> output.say("edited " + e.file()));
    }

    /** The kernel tree in the current folder (built in place), or null: for commands without --srctree. */
    static KbuildTree currentTree() {
        Path here = Path.of("").toAbsolutePath();
        return KbuildTree.isSourceTree(here) ? new KbuildTree(Path.of(""), Path.of("")) : null;
    }

    /**
     * One line per object older than the kbuild file that sets its flags (five at most, then a
     * count): the verdict is about the objects as built, not the Makefiles as they are now.
     *
     * @return true when some object may be stale
     */
    static boolean warnStale(KbuildTree tree, ModuleSet modules, Output output) {
        return tree != null && printStale(tree, findStale(tree, modules), output);
    }

    /**
     * {@link #warnStale}, its file times read on the pool while the caller goes on (a stat of every
     * module and of every object of their folders: some 6,000 for a kernel); the lines are printed
     * when the returned step runs.
     */
    static Runnable warnStaleLater(KbuildTree tree, ModuleSet modules, Output output, Workers workers) {
        if (tree == null) {
            return () -> { };
        }
        CompletableFuture<List<StaleObjects.Stale>> stale = workers.submit(() -> findStale(tree, modules));
        return () -> {
            Workers.await(stale); // its own exception, not a CompletionException
            printStale(tree, stale.join(), output);
        };
    }

    private static List<StaleObjects.Stale> findStale(KbuildTree tree, ModuleSet modules) {
        return StaleObjects.find(tree, modules.bitcode().stream().map(m -> m.id()).toList());
    }

    private static boolean printStale(KbuildTree tree, List<StaleObjects.Stale> stale, Output output) {
        java.io.PrintWriter err = output.err();
        String make = tree.objtree().equals(tree.srctree()) || tree.objtree().toString().isEmpty() ? "make"
                : "make O=" + tree.objtree();
        stale.stream().limit(5).forEach(s -> err.println("ltocheck: warning: " + s.object() + " may be stale: rebuild"
                + " with " + make + " (" + s.kbuildFile() + ", which sets its flags, is newer than it)"));
        if (stale.size() > 5) {
            err.println("ltocheck: warning: and " + Plural.count(stale.size() - 5, "more object")
                    + " may be stale: rebuild with " + make);
        }
        return !stale.isEmpty();
    }
}
