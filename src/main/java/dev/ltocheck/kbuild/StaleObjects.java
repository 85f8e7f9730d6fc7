package dev.ltocheck.kbuild;

import dev.ltocheck.input.ModuleId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects older than the kbuild file of their folder (which sets their per-object flags): after
 * an edit such as {@code fix --apply}, the objects still carry the old flags until make rebuilds
 * them, so a verdict on them is a verdict on the previous build.
 */
public final class StaleObjects {
    /**
     * How much older an object must be. A fresh clone writes a folder's Makefile and its objects
     * within milliseconds of each other, in either order: that is no edit.
     */
    private static final long SLACK_MILLIS = 2_000;

    /** One object and the kbuild file newer than it, both relative to their trees. */
    public record Stale(Path object, Path kbuildFile) {
    }

    private StaleObjects() {
    }

    /** The stale objects among the modules', in link order; objects outside the tree are not judged. */
    public static List<Stale> find(KbuildTree tree, List<ModuleId> modules) {
        Map<Path, Optional<Map.Entry<Path, FileTime>>> kbuildFiles = new HashMap<>();
        List<Stale> stale = new ArrayList<>();
        for (ModuleId id : modules) {
            Path object = FixPlanner.objectPath(id, tree.objtree());
            if (KbuildTree.leavesTree(object)) {
                continue;
            }
            Path folder = object.getParent() == null ? Path.of("") : object.getParent();
            Optional<Map.Entry<Path, FileTime>> kbuild = kbuildFiles.computeIfAbsent(folder, f -> kbuildFile(tree, f));
            if (kbuild.isEmpty()) {
                continue;
            }
            try {
                FileTime built = Files.getLastModifiedTime(tree.objtree().resolve(object), LinkOption.NOFOLLOW_LINKS);
                if (kbuild.get().getValue().toMillis() > built.toMillis() + SLACK_MILLIS) {
                    stale.add(new Stale(object, kbuild.get().getKey()));
                }
            } catch (IOException e) {
                // an object that cannot be stat'ed was reported when it was read, or is in an archive
            }
        }
        return stale;
    }

    private static Optional<Map.Entry<Path, FileTime>> kbuildFile(KbuildTree tree, Path folder) {
        for (String name : List.of("Kbuild", "Makefile")) {
            Path file = tree.srctree().resolve(folder).resolve(name);
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(Map.entry(folder.resolve(name), Files.getLastModifiedTime(file)));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
