package dev.ltocheck.kbuild;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.input.RegularFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kernel source tree and its object tree (the same folder unless built with O=): which kbuild
 * file builds an object, under which stem, and with which compile command.
 */
public record KbuildTree(Path srctree, Path objtree) {

    /** Where an object is built from: the kbuild file (relative to srctree) and the object's stem in it. */
    public record Owner(Path kbuildFile, String stem) {
    }

    /** True for a folder that looks like a kernel source tree. */
    public static boolean isSourceTree(Path dir) {
        return (Files.exists(dir.resolve("Kbuild")) || Files.exists(dir.resolve("Makefile")))
                && Files.exists(dir.resolve("scripts/Makefile.build"));
    }

    /**
     * The kbuild file that lists the object: its own folder's Kbuild (which wins over Makefile),
     * else an ancestor that lists it as {@code sub/x.o}, whose stem is then {@code sub/x}.
     */
    public Optional<Owner> owner(Path object) throws IOException {
        if (leavesTree(object)) {
            return Optional.empty();
        }
        Path relative = object.normalize();
        for (Path dir = relative.getParent(); ; dir = dir.getParent()) {
            Path folder = dir == null ? Path.of("") : dir;
            String listed = folder.relativize(relative).toString();
            Optional<Path> file = kbuildFile(folder);
            if (file.isPresent() && lists(srctree.resolve(file.get()), listed)) {
                return Optional.of(new Owner(file.get(), listed.substring(0, listed.length() - 2)));
            }
            if (dir == null) {
                return Optional.empty();
            }
        }
    }

    /**
     * True for an object path that is absolute or climbs out with {@code ..} (a thin archive's
     * member may name any file): no kbuild file of the tree owns it, and it is never patched.
     */
    public static boolean leavesTree(Path object) {
        Path normal = object.normalize();
        return normal.isAbsolute() || normal.startsWith("..");
    }

    private Optional<Path> kbuildFile(Path folder) {
        for (String name : List.of("Kbuild", "Makefile")) {
            if (Files.isRegularFile(srctree.resolve(folder).resolve(name))) {
                return Optional.of(folder.resolve(name));
            }
        }
        return Optional.empty();
    }

    private static boolean lists(Path file, String object) throws IOException {
        Pattern token = Pattern.compile("(^|[\\s=])" + Pattern.quote(object) + "($|\\s)");
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.stripLeading().startsWith("#"))
                .anyMatch(l -> token.matcher(l).find());
    }

    /** The object's compile command from {@code .<name>.o.cmd}, split into words, if kbuild saved one. */
    public Optional<List<String>> compileCommand(Path object) throws IOException {
        Path name = object.getFileName();
        Path cmd = objtree.resolve(object).resolveSibling("." + name + ".cmd");
        if (!Files.exists(cmd)) {
            return Optional.empty();
        }
        for (String line : RegularFile.readText(cmd).lines().toList()) {
            int at = line.indexOf(":= ");
            if (line.startsWith("savedcmd_") && at > 0) {
                return Optional.of(LinkLine.splitCommand(line.substring(at + 3)));
            }
        }
        return Optional.empty();
    }
}
