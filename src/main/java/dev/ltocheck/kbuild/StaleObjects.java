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
 * Objects of a folder whose kbuild file (which sets their per-object flags) changed after make
 * last built anything there: after an edit such as {@code fix --apply}, the objects still carry
 * the old flags until make rebuilds them, so a verdict on them is a verdict on the previous build.
 * kbuild rebuilds an object when its saved command changes, not when the Makefile is newer: an
 * object older than its Makefile is up to date when make has rebuilt another object of the folder
 * since (the edit changed only that one's command), so a folder is judged by its newest object.
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
        Map<Path, Long> newestInFolder = new HashMap<>();
        Map<Path, Long> built = new java.util.LinkedHashMap<>();
        Path root = tree.objtree().toAbsolutePath().normalize();
        for (ModuleId id : modules) {
            Path object = FixPlanner.objectPathUnder(id, root);
            if (KbuildTree.leavesTree(object)) {
                continue;
            }
            try {
                long time = Files.getLastModifiedTime(tree.objtree().resolve(object), LinkOption.NOFOLLOW_LINKS).toMillis();
                built.put(object, time);
                newestInFolder.merge(folder(object), time, Math::max);
            } catch (IOException e) {
                // an object that cannot be stat'ed was reported when it was read, or is in an archive
            }
        }
        // An object make rebuilt out of LTO is no module any more, but its build is a build all the
        // same: every object file of the folder counts (one listing per folder).
        newestInFolder.replaceAll((folder, time) -> Math.max(time, newestObjectFile(tree, folder)));
        List<Stale> stale = new ArrayList<>();
        built.forEach((object, time) -> {
            Path folder = folder(object);
            Optional<Map.Entry<Path, FileTime>> kbuild = kbuildFiles.computeIfAbsent(folder, f -> kbuildFile(tree, f));
            if (kbuild.isPresent() && kbuild.get().getValue().toMillis() > newestInFolder.get(folder) + SLACK_MILLIS) {
                stale.add(new Stale(object, kbuild.get().getKey()));
            }
        });
        return stale;
    }

    /** The newest {@code *.o} file of a folder of the object tree (any object: bitcode or native); 0 if none. */
    private static long newestObjectFile(KbuildTree tree, Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(tree.objtree().resolve(folder))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".o"))
                    .limit(100_000)
                    .mapToLong(f -> {
                        try {
                            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis();
                        } catch (IOException e) {
                            return 0;
                        }
                    }).max().orElse(0);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static Path folder(Path object) {
        return object.getParent() == null ? Path.of("") : object.getParent();
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
