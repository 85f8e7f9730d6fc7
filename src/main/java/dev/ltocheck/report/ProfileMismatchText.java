package dev.ltocheck.report;

import dev.ltocheck.input.ShellWord;
import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * A {@code ProfileSummary} conflict for a terminal: the profiles and how many modules each, the
 * fields that differ (where LLVM 20 prints metadata pointers), the objects built from another
 * profile, and the fix: rebuild them.
 */
final class ProfileMismatchText {
    /** Objects an rm line names; past that, the whole tree is rebuilt. */
    private static final int RM_LIMIT = 20;

    private ProfileMismatchText() {
    }

    /** The rebuild is the answer. */
    static final String FIX = "Fix: ";

    /**
     * @param lead how the rebuild is introduced: {@link #FIX}, or as an alternative to the plan said
     *             before ({@link CheckTextRenderer#alternative})
     */
    static void render(ProfileMismatch p, String lead, TextStyle style, PrintWriter out) {
        int limit = CheckTextRenderer.LIST_LIMIT;
        out.println();
        ProfileMismatch.Group major = p.majority();
        List<String> others = p.others().stream().limit(limit)
                .map(g -> ", " + g.label() + " in " + Plural.count(g.objects().size(), "module")).toList();
        out.println("'ProfileSummary': the modules were built from " + Plural.count(p.others().size() + 1, "profile")
                + ": " + major.label() + " in " + Plural.count(major.objects().size(), "module") + String.join("", others)
                + Cut.after(p.others().size(), limit) + ".");
        for (ProfileMismatch.Group g : p.others().stream().limit(limit).toList()) {
            List<String> differences = g.summary().differences(major.summary());
            out.println("  " + g.summary().fingerprint() + " vs " + major.summary().fingerprint() + ": "
                    + Cut.join(differences, limit) + (differences.size() > limit ? " fields" : ""));
        }
        List<ProfileMismatch.Built> minority = p.minority();
        int n = minority.size();
        Optional<String> majorOption = p.majorityOption();
        out.println((n == 1 ? "This object was" : "These " + n + " objects were") + " built from another profile"
                + majorOption.map(o -> " than the rest (" + o + ")").orElse("") + ":");
        for (ProfileMismatch.Built b : minority.stream().limit(limit).toList()) {
            String how = b.option() == null ? "" : b.option().equals(majorOption.orElse(null))
                    ? (b.olderThanProfile() ? "  same option, older than the profile: built from its previous contents" : "  same option")
                    : "  " + b.option() + (b.olderThanProfile() ? ", older than that profile" : "");
            out.println("  " + style.bold(b.path()) + how);
        }
        if (n > limit) {
            out.println("  " + Cut.rest(n, limit));
        }
        out.println(lead + "rebuild " + (n == 1 ? "it" : "these " + n + " objects") + " from the profile the rest use"
                + " (make does not rebuild an object when only its profile changes): " + rebuildCommand(minority));
    }

    /**
     * {@code rm a.o b.o && make}, each path one literal word of the shell (the names come from the
     * tree); past {@link #RM_LIMIT} objects, the whole tree.
     */
    static String rebuildCommand(List<ProfileMismatch.Built> minority) {
        return minority.size() <= RM_LIMIT
                ? "rm " + String.join(" ", minority.stream().map(b -> ShellWord.of(b.path())).toList()) + " && make"
                : "make clean && make";
    }
}
