package dev.ltocheck.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A baseline as a file: JSON, {@code schema/baseline.schema.json}. */
public final class BaselineFile {
    /** The largest baseline read: a kernel's is about a megabyte. */
    private static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BaselineFile() {
    }

    /** Writes {@code baseline} to {@code file}, never through a symbolic link. */
    public static void write(Baseline baseline, Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link: not written through");
        }
        // Written beside it under a new name, then renamed over it: a reader never sees half a baseline.
        Path folder = file.toAbsolutePath().getParent();
        Path next = Files.createTempFile(folder, "." + file.getFileName() + ".", ".new");
        try {
            try (OutputStream out = Files.newOutputStream(next, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                out.write(text(baseline).getBytes(StandardCharsets.UTF_8));
            }
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    public static String text(Baseline baseline) throws JsonProcessingException {
        return MAPPER.writeValueAsString(baseline) + "\n";
    }

    /** Reads a baseline; one line of what is wrong with it when it is not one this version writes. */
    public static Baseline read(Path file) throws IOException, BaselineFormatException {
        if (!Files.isRegularFile(file)) {
            throw new BaselineFormatException(file + ": not a regular file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new BaselineFormatException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new BaselineFormatException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !Baseline.FORMAT.equals(tree.path("format").asText())) {
            throw new BaselineFormatException(file + ": not an ltocheck baseline (no \"format\": \"" + Baseline.FORMAT + "\")");
        }
        int version = tree.path("schemaVersion").asInt(-1);
        if (version != Baseline.SCHEMA_VERSION) {
            throw new BaselineFormatException(file + ": baseline schema version " + version + ", this ltocheck reads "
                    + Baseline.SCHEMA_VERSION + " (save the baseline again)");
        }
        try {
            Baseline b = MAPPER.treeToValue(tree, Baseline.class);
            if (b.classes() == null || b.modules() == null || b.edges() == null || b.findings() == null) {
                throw new BaselineFormatException(file + ": classes, modules, edges and findings are required");
            }
            String missing = missing(b);
            if (missing != null) {
                throw new BaselineFormatException(file + ": " + missing + " is missing or null");
            }
            return b;
        } catch (JsonProcessingException e) {
            throw new BaselineFormatException(file + ": " + e.getOriginalMessage());
        }
    }

    /**
     * The first value a baseline this ltocheck writes always has and {@code b} lacks (absent or
     * null), as a JSON path ({@code findings[3].into}); null when nothing is missing.
     */
    static String missing(Baseline b) {
        if (b.lldVersion() == null) {
            return "lldVersion";
        }
        for (int i = 0; i < b.classes().size(); i++) {
            Baseline.FlagClass c = b.classes().get(i);
            if (c == null || c.flags() == null) {
                return "classes[" + i + "]" + (c == null ? "" : ".flags");
            }
            for (var e : c.flags().entrySet()) {
                if (e.getValue() == null) {
                    return "classes[" + i + "].flags." + e.getKey();
                }
            }
        }
        for (int i = 0; i < b.modules().size(); i++) {
            Baseline.Module m = b.modules().get(i);
            if (m == null || m.name() == null) {
                return "modules[" + i + "]" + (m == null ? "" : ".name");
            }
        }
        for (int i = 0; i < b.edges().size(); i++) {
            Baseline.Edge e = b.edges().get(i);
            String field = e == null ? "" : e.into() == null ? ".into" : e.from() == null ? ".from"
                    : e.imports() == null ? ".imports" : e.imports().contains(null) ? ".imports[" + e.imports().indexOf(null) + "]"
                    : null;
            if (field != null) {
                return "edges[" + i + "]" + field;
            }
        }
        for (int i = 0; i < b.findings().size(); i++) {
            Baseline.Finding f = b.findings().get(i);
            String field = f == null ? "" : f.level() == null ? ".level" : f.into() == null ? ".into"
                    : f.from() == null ? ".from" : f.key() == null ? ".key" : null;
            if (field != null) {
                return "findings[" + i + "]" + field;
            }
        }
        return null;
    }

    /** A file that is not a baseline this ltocheck reads. */
    public static final class BaselineFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaselineFormatException(String message) {
            super(message);
        }
    }
}
