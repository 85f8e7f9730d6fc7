package dev.ltocheck.kbuild;

import dev.ltocheck.kbuild.MakeExpander.Assignment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One folder's kbuild file as scripts/Makefile.build reads it: evaluated by {@link MakeExpander}
 * with kbuild's variables set ({@code obj}, {@code src}, auto.conf, what the arch Makefile
 * exports), then its lists taken as scripts/Makefile.lib takes them: {@code obj-m} without what
 * {@code obj-y} has, {@code lib-y} sorted without it, {@code foo.o} with {@code foo-objs},
 * {@code foo-y} (and for modules {@code foo-m}) replaced by those parts.
 */
public final class KbuildFile {
    /** What {@code $(CC_FLAGS_LTO)} expands to here: a word no flag has, to find it after expansion. */
    static final String CC_FLAGS_LTO = "__ltocheck_CC_FLAGS_LTO__";

    private final Path file;
    private final List<String> lines;
    private final MakeExpander evaluated;
    private final List<String> objY;
    private final List<String> objM;
    private final List<String> libY;
    private final Map<String, List<String>> composites = new LinkedHashMap<>();
    private final Map<String, String> builds = new LinkedHashMap<>();
    private final Map<String, String> disabled = new LinkedHashMap<>();

    KbuildFile(Path file, List<String> lines, MakeExpander evaluated) {
        this.file = file;
        this.lines = List.copyOf(lines);
        this.evaluated = evaluated;
        objY = MakeExpander.words(evaluated.value("obj-y"));
        objM = MakeExpander.words(evaluated.value("obj-m")).stream().filter(w -> !objY.contains(w)).toList();
        List<String> lib = new ArrayList<>(MakeExpander.words(evaluated.value("lib-y")));
        lib.addAll(MakeExpander.words(evaluated.value("lib-m")));
        libY = new TreeSet<>(lib).stream().filter(w -> !objY.contains(w)).toList();
        list(objY, "obj-y", List.of("-objs", "-y"));
        list(objM, "obj-m", List.of("-objs", "-y", "-m"));
        libY.stream().filter(w -> w.endsWith(".o")).forEach(w -> builds.putIfAbsent(w, "lib-y"));
        for (String name : evaluated.names()) {
            if ((name.startsWith("obj-") || name.startsWith("lib-")) && !List.of("obj-y", "obj-m", "lib-y", "lib-m").contains(name)) {
                MakeExpander.words(evaluated.value(name)).stream().filter(w -> w.endsWith(".o"))
                        .forEach(w -> disabled.putIfAbsent(w, name));
            }
        }
    }

    private void list(List<String> objects, String list, List<String> suffixes) {
        for (String m : objects) {
            if (!m.endsWith(".o")) {
                continue;
            }
            String base = m.substring(0, m.length() - 2);
            List<String> parts = new ArrayList<>();
            String from = null;
            for (String suffix : suffixes) {
                List<String> words = MakeExpander.words(evaluated.value(base + suffix));
                if (!words.isEmpty() && from == null) {
                    from = base + suffix;
                }
                parts.addAll(words);
            }
            if (parts.isEmpty() && evaluated.value(base + "-").isBlank()) {
                builds.putIfAbsent(m, list);
            } else {
                composites.put(m, List.copyOf(parts));
                for (String part : parts) {
                    builds.putIfAbsent(part, (from == null ? base + "-" : from) + " (a part of " + m + ")");
                }
            }
        }
    }

    /** The file, relative to srctree. */
    public Path file() {
        return file;
    }

    public List<String> lines() {
        return lines;
    }

    /** {@code obj-y} as kbuild reads it (subfolders end with '/'). */
    public List<String> objY() {
        return objY;
    }

    /** {@code obj-m} without the objects {@code obj-y} has. */
    public List<String> objM() {
        return objM;
    }

    /** {@code lib-y} and {@code lib-m}, sorted, without the objects {@code obj-y} has. */
    public List<String> libY() {
        return libY;
    }

    /** Composite objects of obj-y and obj-m, with their parts. */
    public Map<String, List<String>> composites() {
        return composites;
    }

    /**
     * How the file builds an object named relative to its folder ({@code x.o}, {@code sub/x.o}):
     * {@code obj-y}, {@code obj-m}, {@code lib-y} or {@code foo-y (a part of foo.o)}; empty when it does not.
     */
    public Optional<String> builds(String object) {
        return Optional.ofNullable(builds.get(object));
    }

    /** The variable that lists the object though kbuild does not build it ({@code obj-} of an unset option). */
    public Optional<String> listsDisabled(String object) {
        return Optional.ofNullable(disabled.get(object));
    }

    /** What the evaluation could not know without running make. */
    public List<String> uncertainties() {
        return evaluated.uncertainties();
    }

    public List<Assignment> assignments() {
        return evaluated.assignments();
    }

    /** A value as make would expand it at the end of the file. */
    public String expand(String text) {
        return evaluated.expand(text);
    }

    /**
     * The {@code CFLAGS_<stem>.o} assignment that gives the object its differing option: the last
     * one make reads whose value, expanded, has one of the options; else the first one make reads.
     */
    public Optional<Assignment> anchor(String stem, List<String> options) {
        String name = "CFLAGS_" + stem + ".o";
        List<Assignment> candidates = assignments().stream().filter(a -> a.active() && a.name().equals(name)).toList();
        Assignment setting = null;
        for (Assignment a : candidates) {
            if (MakeExpander.words(evaluated.expand(a.value())).stream().anyMatch(options::contains)) {
                setting = a;
            }
        }
        return Optional.ofNullable(setting != null ? setting : candidates.isEmpty() ? null : candidates.get(0));
    }

    /**
     * The 1-based line after which {@code CFLAGS_REMOVE_<stem>.o += ...} goes: after the anchor and
     * every assignment to {@code CFLAGS_REMOVE_<stem>.o} (so none overrides it), outside any
     * conditional; 0 (the end of the file) without an anchor.
     */
    public int insertAfter(String stem, Assignment anchor) {
        if (anchor == null) {
            return 0;
        }
        int line = topLevelEnd(anchor);
        String remove = "CFLAGS_REMOVE_" + stem + ".o";
        for (Assignment a : assignments()) {
            if (a.name().equals(remove)) {
                line = Math.max(line, topLevelEnd(a));
            }
        }
        return line;
    }

    private static int topLevelEnd(Assignment a) {
        return a.blockEnd() > 0 ? a.blockEnd() : a.lastLine();
    }

    /** The variables whose flags every object of the folder is compiled with. */
    static final List<String> DIRECTORY_FLAGS = List.of("KBUILD_CFLAGS", "ccflags-y", "subdir-ccflags-y", "EXTRA_CFLAGS");

    /** The line kbuild folders use to take all their objects out of LTO (arm64/riscv kernel/pi, x86 boot/startup, efi libstub). */
    public static final String DIRECTORY_OPT_OUT = "KBUILD_CFLAGS := $(filter-out $(CC_FLAGS_LTO),$(KBUILD_CFLAGS))";

    /**
     * The file, as make reads it, takes every object of its folder out of LTO: it filters
     * {@code $(CC_FLAGS_LTO)} out of the {@code KBUILD_CFLAGS} it inherits, or removes it with
     * {@code ccflags-remove-y}.
     */
    public boolean optsFolderOutOfLto() {
        return !MakeExpander.words(evaluated.value("KBUILD_CFLAGS")).contains(CC_FLAGS_LTO)
                || MakeExpander.words(evaluated.value("ccflags-remove-y")).contains(CC_FLAGS_LTO);
    }

    /** What a folder's flags hand down to its subfolders: the exported KBUILD_CFLAGS and subdir-ccflags-y, not ccflags-y. */
    static final List<String> INHERITED_FLAGS = List.of("KBUILD_CFLAGS", "subdir-ccflags-y");

    /**
     * The assignment to the folder's own flags ({@code KBUILD_CFLAGS}, {@code ccflags-y}, ...)
     * that gives every object of the folder one of the options: the last one make reads.
     */
    public Optional<Assignment> folderFlagsWith(List<String> options) {
        return flagsWith(options, DIRECTORY_FLAGS);
    }

    /**
     * As {@link #folderFlagsWith}, for the objects of a subfolder: only what kbuild hands down
     * (make exports KBUILD_CFLAGS as the folder left it; ccflags-y stays in its folder).
     */
    public Optional<Assignment> inheritedFlagsWith(List<String> options) {
        return flagsWith(options, INHERITED_FLAGS);
    }

    private Optional<Assignment> flagsWith(List<String> options, List<String> variables) {
        Assignment found = null;
        for (Assignment a : assignments()) {
            if (a.active() && variables.contains(a.name())
                    && MakeExpander.words(evaluated.expand(a.value())).stream().anyMatch(options::contains)) {
                found = a;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The 1-based line after which a folder-wide line goes, as the kernel places its LTO opt-out:
     * after the last top-level assignment to the folder's {@code KBUILD_CFLAGS}, else after the
     * file's opening comment block; 0 (the end) when the file starts with neither.
     */
    public int folderInsertAfter() {
        int line = 0;
        for (Assignment a : assignments()) {
            if (a.name().equals("KBUILD_CFLAGS")) {
                line = Math.max(line, topLevelEnd(a));
            }
        }
        if (line > 0) {
            return line;
        }
        int header = 0;
        while (header < lines.size() && (lines.get(header).isBlank() || lines.get(header).startsWith("#"))) {
            header++;
        }
        while (header > 0 && lines.get(header - 1).isBlank()) {
            header--;
        }
        return header;
    }

    /** The object's {@code CFLAGS_REMOVE_<stem>.o}, as make reads the file, removes {@code $(CC_FLAGS_LTO)}. */
    public boolean removesLto(String stem) {
        return MakeExpander.words(evaluated.value("CFLAGS_REMOVE_" + stem + ".o")).contains(CC_FLAGS_LTO);
    }
}
