package dev.ltocheck.llvm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the ld.lld whose link is modelled, and what that version does differently, as
 * observed with Debian's ld.lld 15.0.6, 16.0.6, 19.1.7, 22.1.8 and the bundled 20.1.7.
 *
 * @param minor  -1 when only the major version is known ({@code --lld-version 16})
 * @param patch  -1 when not known
 */
public record LldVersion(int major, int minor, int patch) {
    /** The oldest LLVM Linux supports for Clang LTO builds (and the oldest whose behaviour was observed). */
    public static final int OLDEST_SUPPORTED = 15;
    private static final Pattern NUMBERS = Pattern.compile("(?<![\\d.])(\\d{1,3})(?:\\.(\\d{1,3}))?(?:\\.(\\d{1,3}))?");
    private static final Pattern LLD_BANNER = Pattern.compile("\\bLLD (\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** The ld.lld ltocheck bundles and models when it knows nothing of the user's. */
    public static final LldVersion BUNDLED = parse(Toolchain.LLVM_VERSION).orElseThrow();

    /** {@code 16}, {@code 16.0} or {@code 16.0.6}. */
    public static Optional<LldVersion> parse(String text) {
        Matcher m = NUMBERS.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LldVersion(Integer.parseInt(m.group(1)),
                m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3))));
    }

    /** The first line of {@code ld.lld --version}: {@code Debian LLD 16.0.6 (compatible with GNU linkers)}. */
    public static Optional<LldVersion> fromBanner(String output) {
        Matcher m = LLD_BANNER.matcher(output);
        return m.find() ? Optional.of(new LldVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    /** Kconfig's CONFIG_LLD_VERSION (scripts/ld-version.sh): {@code 160006} is 16.0.6. */
    public static Optional<LldVersion> fromKconfig(String value) {
        if (!value.strip().matches("\\d{5,7}")) {
            return Optional.empty();
        }
        int v = Integer.parseInt(value.strip());
        return v == 0 ? Optional.empty() : Optional.of(new LldVersion(v / 10000, v / 100 % 100, v % 100));
    }

    /**
     * LLVM 20 names both values in a conflicting-values error ({@code IDs have conflicting values:
     * 'i32 1' from SRC, and 'i32 2' from DST}); older releases only the modules
     * ({@code IDs have conflicting values in 'SRC' and 'DST'}, the source first).
     */
    public boolean namesConflictingValues() {
        return major >= 20;
    }

    /**
     * A failing ThinLTO import is a fatal error: lld prints {@code LLVM ERROR: Function Import: link
     * error: ...} from the first backend thread that fails, a crash report, and dies of SIGABRT.
     * Observed in 15 and 16; 17 and 18 were not at hand and are taken to behave as 16.
     */
    public boolean abortsOnFailingImport() {
        return major <= 18;
    }

    /**
     * What joins a local's source file name and its name in the identifier its GUID hashes:
     * {@code m0.c:helper} up to LLVM 18, {@code m0.c;helper} since 19. The linker's reader computes
     * it, so an older lld names the same local import by another GUID (the imports are the same).
     */
    public char localGuidDelimiter() {
        return major <= 18 ? ':' : ';';
    }

    /**
     * LLVM 15 merges {@code PIC Level} as clang 15 writes it, Max (7); LLVM 16 and later upgrade it
     * to Min (8) when they read it (observed: 264 post-import flag sets of clang 15 programs differ
     * between ld.lld 15 and LLVM 20's IRMover, all of them in {@code PIC Level}).
     */
    public boolean mergesPicLevelAsMax() {
        return major <= 15;
    }

    /** Whether this version's import behaviour was observed, not inferred. */
    public boolean observed() {
        return major == 15 || major == 16 || major == 19 || major == 20 || major == 22;
    }

    /** The newest ThinLTO summary version (FS_VERSION) this lld reads: clang 15-18 write 9, 19 writes 10, 20-22 write 12. */
    public int newestSummaryVersion() {
        return major >= 20 ? 12 : major == 19 ? 10 : 9;
    }

    /** The exit status of a link that fails on a module flag: 1, or 134 (SIGABRT) where lld aborts. */
    public int failingImportExitStatus() {
        return abortsOnFailingImport() ? 134 : 1;
    }

    @Override
    public String toString() {
        return major + (minor < 0 ? "" : "." + minor + (patch < 0 ? "" : "." + patch));
    }
}
