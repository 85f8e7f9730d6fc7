package dev.ltocheck.kbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ltocheck's kbuild lookup against make itself. A tiny makefile sets what kbuild sets (srctree,
 * obj, src, auto.conf, scripts/Kbuild.include, and in an outer make the arch Makefile, whose
 * exports reach the inner one as they reach scripts/Makefile.build), includes each folder's
 * kbuild file and prints its lists as scripts/Makefile.lib computes them; every object's kbuild
 * file and stem is then taken from those lists and compared with {@link KbuildTree#owner}.
 */
final class KbuildLookupDifferential {
    /** One folder's lists as make printed them. */
    record Listing(String file, List<String> objY, List<String> objM, List<String> libY, List<String> unset,
                   Map<String, List<String>> composites, List<String> builds) {
    }

    record Result(int objects, int listed, int notListed, int folders, int listing, int words,
                  List<String> disagreements) {
        String summary() {
            return "objects checked: " + objects + " (" + listed + " in an obj-y/obj-m/lib-y list or a composite, "
                    + notListed + " in none, by both), folders compared: " + folders + " (" + listing
                    + " list objects or subfolders, " + words + " words in their lists), disagreements: "
                    + disagreements.size();
        }
    }

    private static final String INNER = """
            MAKEFLAGS += -rR --no-print-directory
            src := $(if $(filter .,$(srctree)),$(obj),$(srctree)/$(obj))
            obj-y :=
            obj-m :=
            lib-y :=
            lib-m :=
            always-y :=
            always-m :=
            targets :=
            subdir-y :=
            subdir-m :=
            EXTRA_AFLAGS :=
            EXTRA_CFLAGS :=
            EXTRA_CPPFLAGS :=
            EXTRA_LDFLAGS :=
            asflags-y :=
            ccflags-y :=
            rustflags-y :=
            cppflags-y :=
            ldflags-y :=
            subdir-asflags-y :=
            subdir-ccflags-y :=
            -include include/config/auto.conf
            -include $(srctree)/scripts/Kbuild.include
            kbuild-file := $(or $(wildcard $(src)/Kbuild),$(src)/Makefile)
            include $(kbuild-file)
            .DEFAULT_GOAL := __lookup
            __lookup: ; @:
            # scripts/Makefile.lib, Linux 6.12
            __obj-m := $(filter-out $(obj-y),$(obj-m))
            __lib-y := $(filter-out $(obj-y), $(sort $(lib-y) $(lib-m)))
            __suffix-search = $(strip $(foreach s, $3, $($(1:%$(strip $2)=%$s))))
            __multi-search = $(sort $(foreach m, $1, $(if $(call __suffix-search, $m, $2, $3 -), $m)))
            __real-search = $(foreach m, $1, $(if $(call __suffix-search, $m, $2, $3 -), $(call __suffix-search, $m, $2, $3), $m))
            $(info ==dir $(obj) $(kbuild-file))
            $(info obj-y $(obj-y))
            $(info obj-m $(__obj-m))
            $(info lib-y $(__lib-y))
            $(info obj- $(obj-) $(obj-n))
            $(info real $(filter %.o,$(call __real-search,$(obj-y),.o,-objs -y) $(call __real-search,$(__obj-m),.o,-objs -y -m) $(__lib-y)))
            $(foreach m,$(filter %.o,$(call __multi-search,$(obj-y),.o,-objs -y)),$(info parts $(m) $(call __suffix-search,$(m),.o,-objs -y)))
            $(foreach m,$(filter %.o,$(call __multi-search,$(__obj-m),.o,-objs -y -m)),$(info parts $(m) $(call __suffix-search,$(m),.o,-objs -y -m)))
            """;

    private static final String OUTER = """
            MAKEFLAGS += -rR --no-print-directory
            srctree := $(SRCTREE)
            objtree := .
            export srctree objtree ARCH SRCARCH
            -include include/config/auto.conf
            -include $(srctree)/scripts/Kbuild.include
            include $(srctree)/arch/$(SRCARCH)/Makefile
            .DEFAULT_GOAL := __lookup
            __lookup:
            	@while read d; do $(MAKE) -f $(INNER) obj=$$d || echo "==failed $$d"; done < $(DIRS)
            """;

    private KbuildLookupDifferential() {
    }

    /** Every .o with a .cmd beside it: what kbuild compiled. */
    static List<Path> compiledObjects(Path objtree) throws IOException {
        try (Stream<Path> s = Files.walk(objtree)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".o") && Files.isRegularFile(p))
                    .filter(p -> Files.exists(p.resolveSibling("." + p.getFileName() + ".cmd")))
                    .map(objtree::relativize)
                    .filter(p -> !p.startsWith("expected"))
                    .sorted().toList();
        }
    }

    static Result run(Path srctree, Path objtree, List<Path> objects, Map<String, String> environment, Path work)
            throws IOException, InterruptedException {
        return run(srctree, objtree, objects, List.of(), environment, work);
    }

    /** Every folder of the tree with a kbuild file, but those kbuild never reads (tools/, Documentation/). */
    static List<String> kbuildFolders(Path srctree) throws IOException {
        try (Stream<Path> s = Files.walk(srctree)) {
            return s.filter(p -> p.getFileName().toString().equals("Kbuild") || p.getFileName().toString().equals("Makefile"))
                    .map(p -> srctree.relativize(p.getParent()))
                    .filter(p -> !p.startsWith("tools") && !p.startsWith("Documentation") && !p.toString().startsWith("."))
                    .map(p -> p.toString().isEmpty() ? "." : p.toString())
                    .distinct().sorted().toList();
        }
    }

    /** Also compares the lists of {@code moreFolders}, whether an object of theirs was compiled or not. */
    static Result run(Path srctree, Path objtree, List<Path> objects, List<String> moreFolders,
                      Map<String, String> environment, Path work) throws IOException, InterruptedException {
        KbuildTree tree = new KbuildTree(srctree, objtree);
        TreeSet<String> folders = new TreeSet<>(moreFolders);
        for (Path o : objects) {
            for (Path d = o.getParent(); ; d = d.getParent()) {
                Path folder = d == null ? Path.of("") : d;
                if (Files.exists(srctree.resolve(folder).resolve("Kbuild")) || Files.exists(srctree.resolve(folder).resolve("Makefile"))) {
                    folders.add(folder.toString().isEmpty() ? "." : folder.toString());
                }
                if (d == null) {
                    break;
                }
            }
        }
        Map<String, Listing> make = make(srctree, objtree, tree.srcarch(), folders, environment, work);
        String prefix = srctree.toAbsolutePath().normalize() + "/";
        List<String> disagreements = new ArrayList<>();
        int listing = 0;
        int words = 0;
        for (String folder : folders) {
            Listing m = make.get(folder);
            if (m != null) {
                int n = m.objY().size() + m.objM().size() + m.libY().size() + m.unset().size()
                        + m.composites().values().stream().mapToInt(List::size).sum();
                listing += n > 0 ? 1 : 0;
                words += n;
            }
            Optional<KbuildFile> ours = tree.folder(Path.of(folder.equals(".") ? "" : folder));
            if (m == null) {
                disagreements.add(folder + ": make could not read its kbuild file");
                continue;
            }
            if (ours.isEmpty()) {
                disagreements.add(folder + ": ltocheck found no kbuild file, make read " + m.file());
                continue;
            }
            KbuildFile k = ours.get();
            String file = (folder.equals(".") ? "" : folder + "/") + k.file().getFileName();
            String makes = (m.file().startsWith(prefix) ? m.file().substring(prefix.length()) : m.file()).replaceFirst("^\\./", "");
            compare(disagreements, folder, "kbuild file", List.of(file), List.of(makes));
            compare(disagreements, folder, "obj-y", k.objY(), m.objY());
            compare(disagreements, folder, "obj-m", k.objM(), m.objM());
            compare(disagreements, folder, "lib-y", k.libY(), m.libY());
            // what unset options name: the lists of another configuration
            compare(disagreements, folder, "obj- obj-n", MakeExpander.words(k.expand("$(obj-) $(obj-n)")), m.unset());
            compare(disagreements, folder, "composites", List.of(new TreeMap<>(k.composites()).toString()),
                    List.of(new TreeMap<>(m.composites()).toString()));
        }
        int listed = 0;
        int notListed = 0;
        for (Path o : objects) {
            String expected = makeOwner(o, make);
            KbuildTree.Owner owner = tree.owner(o).orElse(null);
            String actual = owner == null || owner.note() != null ? "none" : owner.kbuildFile() + " " + owner.stem();
            if (!expected.equals(actual)) {
                disagreements.add(o + ": ltocheck " + actual + (owner != null && owner.note() != null ? " (" + owner.note() + ")" : "")
                        + ", make " + expected);
            } else if (expected.equals("none")) {
                notListed++;
            } else {
                listed++;
            }
        }
        return new Result(objects.size(), listed, notListed, folders.size(), listing, words, disagreements);
    }

    private static void compare(List<String> out, String folder, String what, List<String> ours, List<String> make) {
        if (!ours.equals(make)) {
            out.add(folder + ": " + what + ": ltocheck " + ours + ", make " + make);
        }
    }

    /** The owner by kbuild's rule, from make's lists: the object's folder, else the nearest parent listing sub/x.o. */
    private static String makeOwner(Path object, Map<String, Listing> make) {
        for (Path d = object.getParent(); ; d = d.getParent()) {
            Path folder = d == null ? Path.of("") : d;
            Listing l = make.get(folder.toString().isEmpty() ? "." : folder.toString());
            String listed = folder.relativize(object).toString();
            if (l != null && l.builds().contains(listed)) {
                return l.file().replaceFirst("^\\./", "") + " " + listed.substring(0, listed.length() - 2);
            }
            if (d == null) {
                return "none";
            }
        }
    }

    private static Map<String, Listing> make(Path srctree, Path objtree, String srcarch, TreeSet<String> folders,
                                             Map<String, String> environment, Path work)
            throws IOException, InterruptedException {
        Path inner = work.resolve("inner.mk");
        Path outer = work.resolve("outer.mk");
        Path dirs = work.resolve("dirs.txt");
        Files.writeString(inner, INNER);
        Files.writeString(outer, OUTER);
        Files.write(dirs, folders);
        boolean same = srctree.toAbsolutePath().normalize().equals(objtree.toAbsolutePath().normalize());
        ProcessBuilder builder = new ProcessBuilder("make", "-s", "-f", outer.toAbsolutePath().toString(),
                "SRCTREE=" + (same ? "." : srctree.toAbsolutePath().normalize()), "ARCH=" + srcarch, "SRCARCH=" + srcarch,
                "INNER=" + inner.toAbsolutePath(), "DIRS=" + dirs.toAbsolutePath())
                .directory(objtree.toFile()).redirectError(work.resolve("make.err").toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!p.waitFor(3600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("make did not finish");
        }
        Map<String, Listing> listings = new LinkedHashMap<>();
        String folder = null;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<String>> parts = new LinkedHashMap<>();
        String file = null;
        for (String line : lines.stream().map(String::stripTrailing).toList()) {
            if (line.startsWith("==dir ") || line.startsWith("==failed ")) {
                if (folder != null) {
                    listings.put(folder, listing(file, fields, parts));
                }
                folder = null;
                if (line.startsWith("==dir ")) {
                    String[] w = line.split(" ");
                    folder = w[1];
                    file = w.length > 2 ? w[2] : "";
                    fields = new LinkedHashMap<>();
                    parts = new LinkedHashMap<>();
                }
                continue;
            }
            if (folder == null) {
                continue;
            }
            List<String> w = MakeExpander.words(line);
            if (w.isEmpty()) {
                continue;
            }
            if (w.get(0).equals("parts")) {
                parts.put(w.get(1), w.subList(2, w.size()));
            } else {
                fields.put(w.get(0), w.subList(1, w.size()));
            }
        }
        if (folder != null) {
            listings.put(folder, listing(file, fields, parts));
        }
        return listings;
    }

    private static Listing listing(String file, Map<String, List<String>> fields, Map<String, List<String>> parts) {
        return new Listing(file, fields.getOrDefault("obj-y", List.of()), fields.getOrDefault("obj-m", List.of()),
                fields.getOrDefault("lib-y", List.of()), fields.getOrDefault("obj-", List.of()), parts,
                fields.getOrDefault("real", List.of()));
    }
}
