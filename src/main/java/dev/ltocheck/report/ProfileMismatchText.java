package dev.ltocheck.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * A {@code ProfileSummary} conflict for a terminal: the profiles and how many modules each, the
 * fields that differ (where LLVM 20 prints metadata pointers), the objects built from another
 * profile, and the fix: rebuild them.
 */
final class ProfileMismatchText {
    private ProfileMismatchText() {
    }

    static void render(ProfileMismatch p, TextStyle style, PrintWriter out) {
        out.println();
        ProfileMismatch.Group major = p.majority();
        out.println("'ProfileSummary': the modules were built from " + Plural.count(p.others().size() + 1, "profile")
                + ": " + major.label() + " in " + Plural.count(major.objects().size(), "module") + String.join("",
                p.others().stream().map(g -> ", " + g.label() + " in " + Plural.count(g.objects().size(), "module")).toList())
                + ".");
        for (ProfileMismatch.Group g : p.others()) {
            out.println("  " + g.summary().fingerprint() + " vs " + major.summary().fingerprint() + ": "
                    + String.join(", ", g.summary().differences(major.summary())));
        }
        List<ProfileMismatch.Built> minority = p.minority();
        int n = minority.size();
        Optional<String> majorOption = p.majorityOption();
        out.println((n == 1 ? "This object was" : "These " + n + " objects were") + " built from another profile"
                + majorOption.map(o -> " than the rest (" + o + ")").orElse("") + ":");
        for (ProfileMismatch.Built b : minority) {
            String how = b.option() == null ? "" : b.option().equals(majorOption.orElse(null))
                    ? (b.olderThanProfile() ? "  same option, older than the profile: built from its previous contents" : "  same option")
                    : "  " + b.option() + (b.olderThanProfile() ? ", older than that profile" : "");
            out.println("  " + style.bold(b.path()) + how);
        }
        out.println("Fix: rebuild " + (n == 1 ? "it" : "these " + n + " objects") + " from the profile the rest use"
                + " (make does not rebuild an object when only its profile changes): rm "
                + String.join(" ", minority.stream().map(ProfileMismatch.Built::path).toList()) + " && make");
    }
}
