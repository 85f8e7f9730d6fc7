package dev.ltocheck.baseline;

import java.util.List;
import java.util.Map;

/**
 * What one check knew of a link, for a later check to compare with ({@code check --save-baseline},
 * {@code check --baseline}): documented by {@code schema/baseline.schema.json}.
 *
 * <p>Modules are named by the file a user opens ({@code arch/x86/kernel/head64.o}; a regular
 * archive's member as {@code lib/lib.a(kstrtox.o)}), not by lld's {@code archive(name at offset)},
 * whose offsets move whenever a member is added.
 *
 * @param format        always {@link #FORMAT}
 * @param schemaVersion {@link #SCHEMA_VERSION}; another is refused
 * @param lldVersion    the ld.lld modelled
 * @param classes       the distinct sets of module flags, each once
 * @param modules       every ThinLTO module, in link order, with its flag class
 * @param edges         every import between modules of different flag classes
 * @param findings      the failing import pairs (errors) and the silent flag changes (warnings)
 */
public record Baseline(String format, int schemaVersion, String lldVersion, List<FlagClass> classes,
                       List<Module> modules, List<Edge> edges, List<Finding> findings) {
    public static final String FORMAT = "ltocheck-baseline";
    public static final int SCHEMA_VERSION = 1;

    /** @param flags each module flag's key and its entry as llvm-dis prints it */
    public record FlagClass(int id, Map<String, String> flags) {
    }

    public record Module(String name, int flagClass) {
    }

    /** @param imports what {@code into} imports from {@code from}, by name, in decision order */
    public record Edge(String into, String from, List<String> imports) {
    }

    /** @param level {@code error} (the import fails the link) or {@code warning} (flags change silently) */
    public record Finding(String level, String into, String from, String key) {
        /** The same finding whatever the rest of the record says. */
        public String identity() {
            return level + "\u0000" + into + "\u0000" + from + "\u0000" + key;
        }
    }
}
