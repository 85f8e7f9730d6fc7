package dev.ltocheck.kbuild;

import java.nio.file.Path;
import java.util.List;

/**
 * Taking one object out of LTO, and why its flags differ.
 *
 * @param module        lld's name for it
 * @param object        the object file, relative to the object tree
 * @param keys          the flags whose merge fails
 * @param options       the compile options (from its .cmd file) that set those flags
 * @param owner         the kbuild file and stem, when found
 * @param introducedAt  1-based line of the CFLAGS_<stem>.o assignment that gives it the option, or 0
 * @param introducedBy  that line's text, or null
 * @param insertAfter   1-based line the CFLAGS_REMOVE line goes after (at the top level, after every
 *                      CFLAGS_REMOVE_<stem>.o assignment), 0 for the end of the file
 * @param alreadyFixed  the file, as make reads it, already removes $(CC_FLAGS_LTO) from the object
 */
public record ObjectFix(String module, Path object, List<String> keys, List<String> options,
                        KbuildTree.Owner owner, int introducedAt, String introducedBy, int insertAfter,
                        boolean alreadyFixed) {

    public String removeLine() {
        return "CFLAGS_REMOVE_" + (owner == null ? stem(object) : owner.stem()) + ".o += $(CC_FLAGS_LTO)";
    }

    /** The C source it is built from, as kbuild names it ({@code dir/x.o}: {@code dir/x.c}); its own path when not a .o. */
    public String source() {
        String path = object.toString();
        return path.endsWith(".o") ? KbuildTree.stem(path) + ".c" : path;
    }

    static String stem(Path object) {
        return KbuildTree.stem(object.getFileName().toString());
    }
}
