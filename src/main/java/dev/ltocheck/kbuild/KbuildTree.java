package dev.ltocheck.kbuild;

import dev.ltocheck.input.RegularFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kernel source tree and its object tree (the same folder unless built with O=): which kbuild
 * file builds an object, under which stem, and with which compile command. The kbuild files are
 * read by ltocheck's own {@link MakeExpander}; make is never run.
 */
public final class KbuildTree {
    /** Larger kbuild files are not read. */
    /** The largest kbuild file read (and edited): 4 MiB. */
    static final int MAX_FILE = 4 << 20;

    private final Path srctree;
    private final Path objtree;
    private MakeExpander context;
    private final Map<Path, Optional<KbuildFile>> folders = new HashMap<>();

    public KbuildTree(Path srctree, Path objtree) {
        this.srctree = srctree;
        this.objtree = objtree;
    }

    public Path srctree() {
        return srctree;
    }

    public Path objtree() {
        return objtree;
    }

    /**
     * Where an object is built from.
     *
     * @param kbuildFile relative to srctree
     * @param stem       the object's name in that file, without {@code .o} ({@code sub/x} when listed from a parent)
     * @param listedAs   the list that builds it ({@code obj-y}, {@code foo-y (a part of foo.o)}), null when not found
     * @param note       why the file was taken without finding the object in its lists, null when found
     */
    public record Owner(Path kbuildFile, String stem, String listedAs, String note) {
        public Owner(Path kbuildFile, String stem) {
            this(kbuildFile, stem, "obj-y", null);
        }
    }

    /** True for a folder that looks like a kernel source tree. */
    public static boolean isSourceTree(Path dir) {
        return (Files.exists(dir.resolve("Kbuild")) || Files.exists(dir.resolve("Makefile")))
                && Files.exists(dir.resolve("scripts/Makefile.build"));
    }

    /**
     * The kbuild file that builds the object, as kbuild decides: its own folder's file (Kbuild
     * over Makefile) when that lists it, else the nearest parent that lists it as {@code sub/x.o},
     * composite parts under the file that defines the composite. When no file's lists name it,
     * its own folder's file with a note saying so; empty only when that folder has no kbuild file.
     */
    public synchronized Optional<Owner> owner(Path object) throws IOException {
        Path relative = object.normalize();
        if (leavesTree(object) || relative.getFileName() == null) {
            return Optional.empty();
        }
        Path own = relative.getParent() == null ? Path.of("") : relative.getParent();
        for (Path dir = own; ; dir = dir.getParent()) {
            Path folder = dir == null ? Path.of("") : dir;
            String listed = folder.relativize(relative).toString();
            Optional<KbuildFile> file = folder(folder);
            Optional<String> how = file.flatMap(f -> f.builds(listed));
            if (how.isPresent()) {
                return Optional.of(new Owner(file.get().file(), stem(listed), how.get(), null));
            }
            if (dir == null) {
                break;
            }
        }
        Optional<KbuildFile> file = folder(own);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String name = relative.getFileName().toString();
        KbuildFile f = file.get();
        String note = f.listsDisabled(name)
                .map(v -> f.file() + " lists " + name + " only in " + v + ", which this configuration does not build")
                .orElseGet(() -> "no list of " + f.file() + " or a parent's names " + name
                        + (f.uncertainties().isEmpty() ? "" : " (not evaluated without make: "
                        + String.join("; ", f.uncertainties()) + ")"));
        return Optional.of(new Owner(f.file(), stem(name), null, note + "; taken as its kbuild file"));
    }

    /**
     * True for an object path that is absolute or climbs out with {@code ..} (a thin archive's
     * member may name any file): no kbuild file of the tree owns it, and it is never patched.
     */
    public static boolean leavesTree(Path object) {
        Path normal = object.normalize();
        return normal.isAbsolute() || normal.startsWith("..");
    }

    /** An object's name without {@code .o}: its stem in kbuild's lists and CFLAGS_ names. */
    public static String stem(String object) {
        return object.endsWith(".o") ? object.substring(0, object.length() - 2) : object;
    }

    /** The folder's kbuild file (Kbuild over Makefile) as kbuild reads it; empty without one. */
    public synchronized Optional<KbuildFile> folder(Path folder) throws IOException {
        Optional<KbuildFile> known = folders.get(folder);
        if (known != null) {
            return known;
        }
        Optional<KbuildFile> file = Optional.empty();
        for (String name : List.of("Kbuild", "Makefile")) {
            Path path = folder.resolve(name);
            Optional<List<String>> lines = read(srctree.resolve(path));
            if (lines.isPresent()) {
                file = Optional.of(evaluate(path, lines.get()));
                break;
            }
        }
        folders.put(folder, file);
        return file;
    }

    /** An owner's kbuild file as read and evaluated (the folder's, cached). */
    public KbuildFile file(Owner owner) throws IOException {
        Path folder = owner.kbuildFile().getParent() == null ? Path.of("") : owner.kbuildFile().getParent();
        return folder(folder).filter(f -> f.file().equals(owner.kbuildFile()))
                .orElseThrow(() -> new java.nio.file.NoSuchFileException(owner.kbuildFile().toString()));
    }

    /** A kbuild file's lines (as read, or as a patch leaves them) evaluated in its folder's context. */
    public synchronized KbuildFile evaluate(Path kbuildFile, List<String> lines) throws IOException {
        Path folder = kbuildFile.getParent() == null ? Path.of("") : kbuildFile.getParent();
        MakeExpander make = context().copy();
        String obj = folder.toString().isEmpty() ? "." : folder.toString();
        make.set("obj", obj);
        make.set("src", sameTree() ? obj : srctree.toAbsolutePath().normalize() + "/" + obj);
        // scripts/Makefile.build empties these before including the kbuild file
        for (String v : List.of("obj-y", "obj-m", "lib-y", "lib-m", "always-y", "always-m", "targets", "subdir-y",
                "subdir-m", "EXTRA_AFLAGS", "EXTRA_CFLAGS", "EXTRA_CPPFLAGS", "EXTRA_LDFLAGS", "asflags-y", "ccflags-y",
                "rustflags-y", "cppflags-y", "ldflags-y", "subdir-asflags-y", "subdir-ccflags-y")) {
            make.set(v, "");
        }
        // The top Makefile adds $(CC_FLAGS_LTO) to the KBUILD_CFLAGS every folder inherits: a
        // folder that filters it out opts all its objects out of LTO.
        make.set("KBUILD_CFLAGS", (make.value("KBUILD_CFLAGS") + " " + KbuildFile.CC_FLAGS_LTO).strip());
        make.read(lines);
        return new KbuildFile(kbuildFile, lines, make);
    }

    private boolean sameTree() {
        return srctree.toAbsolutePath().normalize().equals(objtree.toAbsolutePath().normalize());
    }

    /**
     * What every kbuild file sees: auto.conf of the object tree, the top Makefile's ARCH, SRCARCH,
     * srctree and objtree, and what the arch Makefile exports (BITS, ...), as its sub-makes get them.
     */
    private MakeExpander context() throws IOException {
        if (context != null) {
            return context;
        }
        String arch = srcarch();
        Map<String, String> seeds = new java.util.LinkedHashMap<>();
        seeds.put("srctree", sameTree() ? "." : srctree.toAbsolutePath().normalize().toString());
        seeds.put("objtree", ".");
        seeds.put("ARCH", arch);
        seeds.put("SRCARCH", arch);
        seeds.put("SUBARCH", arch);
        seeds.put("CONFIG_SHELL", "sh");
        seeds.put("CC_FLAGS_LTO", KbuildFile.CC_FLAGS_LTO);
        Optional<List<String>> autoConf = read(objtree.resolve("include/config/auto.conf"));
        // kbuild's own definitions (comma, space, helper functions), read by both makes
        Optional<List<String>> kbuildInclude = read(srctree.resolve("scripts/Kbuild.include"));
        MakeExpander top = new MakeExpander(this::include);
        seeds.forEach(top::set);
        kbuildInclude.ifPresent(top::read);
        autoConf.ifPresent(top::read);
        read(srctree.resolve("arch").resolve(arch).resolve("Makefile")).ifPresent(top::read);
        MakeExpander base = new MakeExpander(this::include);
        top.exportedValues().forEach(base::set);
        seeds.forEach(base::set);
        autoConf.ifPresent(base::read);
        kbuildInclude.ifPresent(base::read);
        context = base;
        return base;
    }

    /** The kernel's SRCARCH: the arch folder whose CONFIG_ option auto.conf sets, else the only one there is. */
    public String srcarch() throws IOException {
        Path archDir = srctree.resolve("arch");
        List<String> arches;
        try (Stream<Path> s = Files.isDirectory(archDir) ? Files.list(archDir) : Stream.empty()) {
            arches = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> conf = read(objtree.resolve("include/config/auto.conf")).orElse(List.of());
        Map<String, String> option = Map.of("powerpc", "PPC", "arm", "ARM", "arm64", "ARM64", "x86", "X86");
        for (String a : arches) {
            String name = "CONFIG_" + option.getOrDefault(a, a.toUpperCase(Locale.ROOT)) + "=y";
            if (conf.contains(name)) {
                return a;
            }
        }
        for (String a : arches) {
            if (Files.isDirectory(objtree.resolve("arch").resolve(a)) && arches.size() == 1) {
                return a;
            }
        }
        if (conf.contains("CONFIG_X86_64=y") || conf.contains("CONFIG_X86_32=y")) {
            return "x86";
        }
        return arches.size() == 1 ? arches.get(0) : "x86";
    }

    /** An included makefile: relative names from the object tree, then the source tree; nothing outside them. */
    private Optional<List<String>> include(String name) {
        try {
            Path path = Path.of(name);
            for (Path root : path.isAbsolute() ? List.of(Path.of("/")) : List.of(objtree, srctree)) {
                Optional<List<String>> lines = readInside(root.resolve(path));
                if (lines.isPresent()) {
                    return lines;
                }
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A file's lines, if it is a regular file (after links, as make follows them) and not too
     * large. Kbuild files are read wherever a folder of the tree leads (only writes are confined
     * to the tree); what they include must lie inside the source or object tree.
     */
    static Optional<List<String>> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            if (RegularFile.require(file).size() > MAX_FILE) {
                return Optional.empty();
            }
        } catch (RegularFile.NotRegularFileException e) {
            return Optional.empty();
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return Optional.of(List.of(text.split("\n", -1)));
    }

    private Optional<List<String>> readInside(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Path real = file.toRealPath();
        if (!real.startsWith(srctree.toRealPath()) && !real.startsWith(objtree.toRealPath())) {
            return Optional.empty();
        }
        return read(real);
    }

    /** The object's compile command from {@code .<name>.o.cmd}, split into words, if kbuild saved one. */
    public Optional<List<String>> compileCommand(Path object) throws IOException {
        return CmdFile.savedWords(CmdFile.of(objtree.resolve(object)));
    }
}
