package dev.ltocheck.kbuild;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.ltocheck.apply.RegularBytes;
import dev.ltocheck.apply.Replacement;
import dev.ltocheck.apply.TreeWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kbuild edits of a fix: one {@code CFLAGS_REMOVE_<stem>.o += $(CC_FLAGS_LTO)} per object,
 * after the line that gave the object its differing flags and every assignment to its
 * {@code CFLAGS_REMOVE_<stem>.o}, outside any conditional (see {@link KbuildFile#insertAfter}),
 * else at the end of the file.
 * Shown as a unified diff ({@code git apply}, {@code patch -p1}) or applied in place.
 */
public final class MakefilePatch {
    /** One kbuild file as read and as it will be: {@code content}, the bytes to write, keeps every untouched line's bytes. */
    public record FileEdit(Path file, byte[] original, List<String> before, List<String> after, byte[] content) {
    }

    /**
     * Lines to add to one kbuild file.
     *
     * @param afterLine 1-based line to insert after (continuation lines followed), 0 for the end
     */
    public record Addition(Path kbuildFile, int afterLine, List<String> lines) {
    }

    private final Path srctree;
    private final List<FileEdit> edits;

    private MakefilePatch(Path srctree, List<FileEdit> edits) {
        this.srctree = srctree;
        this.edits = edits;
    }

    /** The patch of {@code fix}: one CFLAGS_REMOVE line per object not already fixed. */
    public static MakefilePatch of(Path srctree, List<ObjectFix> fixes) throws IOException {
        List<Addition> additions = new ArrayList<>();
        for (ObjectFix f : fixes) {
            if (f.owner() != null && !f.alreadyFixed()) {
                additions.add(new Addition(f.owner().kbuildFile(), f.insertAfter(), List.of(f.removeLine())));
            }
        }
        return ofAdditions(srctree, additions);
    }

    /** Adds lines to kbuild files; a line the file already has outside conditionals (spacing aside) is not added again. */
    public static MakefilePatch ofAdditions(Path srctree, List<Addition> additions) throws IOException {
        Map<Path, List<Addition>> byFile = new LinkedHashMap<>();
        for (Addition a : additions) {
            byFile.computeIfAbsent(a.kbuildFile(), k -> new ArrayList<>()).add(a);
        }
        List<FileEdit> edits = new ArrayList<>();
        for (Map.Entry<Path, List<Addition>> e : byFile.entrySet()) {
            Lines lines = Lines.read(srctree, e.getKey());
            List<String> before = lines.text();
            java.util.Set<String> present = new java.util.HashSet<>();
            topLevel(before).forEach(l -> present.add(normalized(l)));
            // Insert bottom-up so earlier line numbers stay valid.
            // Same insertion point: the later addition goes in first, so the file keeps their order.
            List<Addition> ordered = new ArrayList<>(e.getValue());
            java.util.Collections.reverse(ordered);
            ordered.sort((a, b) -> Integer.compare(insertionPoint(before, b.afterLine()), insertionPoint(before, a.afterLine())));
            for (Addition a : ordered) {
                lines.insert(insertionPoint(before, a.afterLine()),
                        a.lines().stream().filter(l -> present.add(normalized(l))).toList());
            }
            lines.edit(e.getKey()).ifPresent(edits::add);
        }
        return new MakefilePatch(srctree, List.copyOf(edits));
    }

    /**
     * One line of a kbuild or Kconfig file changed in place.
     *
     * @param line 1-based line (continuation lines not followed)
     * @param text its new text, or null to delete it
     */
    public record LineChange(Path file, int line, String text) {
    }

    /** Changes or deletes lines of files (a line number past the end is ignored). */
    public static MakefilePatch ofLineChanges(Path srctree, List<LineChange> changes) throws IOException {
        Map<Path, List<LineChange>> byFile = new LinkedHashMap<>();
        changes.forEach(c -> byFile.computeIfAbsent(c.file(), k -> new ArrayList<>()).add(c));
        List<FileEdit> edits = new ArrayList<>();
        for (Map.Entry<Path, List<LineChange>> e : byFile.entrySet()) {
            Lines lines = Lines.read(srctree, e.getKey());
            // Bottom-up so earlier line numbers stay valid.
            List<LineChange> ordered = new ArrayList<>(e.getValue());
            ordered.sort((a, b) -> Integer.compare(b.line(), a.line()));
            for (LineChange c : ordered) {
                if (c.line() >= 1 && c.line() <= lines.size()) {
                    lines.set(c.line() - 1, c.text());
                }
            }
            lines.edit(e.getKey()).ifPresent(edits::add);
        }
        return new MakefilePatch(srctree, List.copyOf(edits));
    }

    /**
     * A file's lines as text (for make's reading and the plan) and, beside each, its bytes as
     * read: a line the patch does not touch is written back with exactly those bytes, whatever its
     * encoding (UTF-8 decoding would turn a Latin-1 byte into U+FFFD, written as three others). Lines
     * end at a '\n' byte; a '\r' before it stays part of the line.
     */
    private static final class Lines {
        private final byte[] original;
        private final List<String> before;
        private final List<String> text;
        private final List<byte[]> raw;
        private final byte[] originalLast;

        private Lines(byte[] original) {
            this.original = original;
            this.raw = split(original);
            this.text = new ArrayList<>(raw.stream().map(line -> new String(line, StandardCharsets.UTF_8)).toList());
            this.before = List.copyOf(text);
            this.originalLast = raw.isEmpty() ? null : raw.get(raw.size() - 1);
        }

        /**
         * The kbuild file as the tree's writer will find it: where its links lead (as make reads it;
         * the writer then confines the write to the tree), a regular file of bounded size.
         */
        static Lines read(Path srctree, Path file) throws IOException {
            Path real = srctree.resolve(file).toRealPath();
            return new Lines(RegularBytes.read(real, KbuildTree.MAX_FILE).orElseThrow(() -> new IOException(file
                    + " is larger than " + KbuildTree.MAX_FILE + " bytes; ltocheck edits no kbuild file that large")));
        }

        List<String> text() {
            return before;
        }

        int size() {
            return text.size();
        }

        void insert(int at, List<String> lines) {
            text.addAll(at, lines);
            raw.addAll(at, lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList());
        }

        /** Line {@code index} becomes {@code line}, or goes when it is null. */
        void set(int index, String line) {
            if (line == null) {
                text.remove(index);
                raw.remove(index);
            } else {
                text.set(index, line);
                raw.set(index, line.getBytes(StandardCharsets.UTF_8));
            }
        }

        /** The edit, when the lines changed. */
        Optional<FileEdit> edit(Path file) {
            return text.equals(before) ? Optional.empty()
                    : Optional.of(new FileEdit(file, original, before, List.copyOf(text), content()));
        }

        /**
         * The lines joined by '\n', ending with one when the file did or when its last line is new;
         * every untouched line byte for byte.
         */
        private byte[] content() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(original.length + 256);
            for (int i = 0; i < raw.size(); i++) {
                if (i > 0) {
                    out.write('\n');
                }
                out.writeBytes(raw.get(i));
            }
            boolean endedWithNewline = original.length > 0 && original[original.length - 1] == '\n';
            boolean lastUntouched = !raw.isEmpty() && raw.get(raw.size() - 1) == originalLast;
            if (!raw.isEmpty() && (endedWithNewline || !lastUntouched)) {
                out.write('\n');
            }
            return out.toByteArray();
        }
    }

    /**
     * The lines outside any conditional: a line only a branch make may skip has does not make
     * the same line at the top level redundant.
     */
    private static List<String> topLevel(List<String> lines) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        for (String line : lines) {
            String word = line.strip().split("\\s+", 2)[0];
            if (List.of("ifdef", "ifndef", "ifeq", "ifneq").contains(word)) {
                depth++;
            } else if (word.equals("endif") && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.add(line);
            }
        }
        return out;
    }

    private static String normalized(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** After the given line and its continuation lines; at the end for 0. */
    static int insertionPoint(List<String> lines, int afterLine) {
        if (afterLine <= 0) {
            return lines.size();
        }
        int i = afterLine - 1;
        while (i < lines.size() - 1 && lines.get(i).endsWith("\\")) {
            i++;
        }
        return i + 1;
    }

    public List<FileEdit> edits() {
        return edits;
    }

    /**
     * The unified diff of every edit, paths as a/ and b/ relative to srctree, each line ending in
     * '\n': the bytes that make {@code git apply} and {@code patch -p1} turn each file as read into
     * what {@link #apply()} writes. Context and removed lines are the file's bytes, whatever their
     * encoding; a last line without a newline is followed by the marker that says so.
     */
    public byte[] unifiedDiff() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (FileEdit e : edits) {
            List<String> before = diffLines(e.original());
            List<String> after = diffLines(e.content());
            Patch<String> patch = DiffUtils.diff(before, after);
            // The path's UTF-8 bytes, one char each as in the lines.
            String name = new String(e.file().toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            for (String line : UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, before, patch, 3)) {
                out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static final String NO_NEWLINE = "\\ No newline at end of file";

    /**
     * A file's lines as the diff compares and prints them: each line's bytes as ISO-8859-1, one char
     * per byte, so lines are equal when their bytes are and the printed line gives the bytes back.
     * A last line without a newline carries one and the marker: it is another line than the same
     * bytes ending in a newline (git apply holds them different too), and the diff prints the
     * marker after it. No line holds a '\n' otherwise, so the two never meet.
     */
    private static List<String> diffLines(byte[] file) {
        List<String> lines = new ArrayList<>(split(file).stream().map(l -> new String(l, StandardCharsets.ISO_8859_1)).toList());
        if (file.length > 0 && file[file.length - 1] != '\n') {
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n" + NO_NEWLINE);
        }
        return lines;
    }

    /** The lines of a file, each without its '\n'; the last one as it is when the file does not end with one. */
    private static List<byte[]> split(byte[] file) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length ? i > start : file[i] == '\n') {
                lines.add(Arrays.copyOfRange(file, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * Writes every edit in place through the tree's one writer: all files or none, none outside
     * the tree, refused when a file changed since it was read or cannot be written.
     */
    public void apply() throws IOException {
        apply(new TreeWriter(srctree));
    }

    /** As {@link #apply()}, through the given writer. */
    public void apply(TreeWriter writer) throws IOException {
        List<Replacement> files = new ArrayList<>();
        for (FileEdit e : edits) {
            files.add(new Replacement(e.file(), e.original(), e.content()));
        }
        writer.replaceAll(files);
    }
}
