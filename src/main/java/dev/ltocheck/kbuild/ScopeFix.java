package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;

import java.util.List;

/**
 * A fix at one scope, as offered, or why that scope does not fit this link.
 *
 * @param scope      the scope
 * @param fit        whether the scope fits this link, or was not looked at (unless it fits, {@code why}
 *                   says why and nothing else is set)
 * @param why        why it fits or not, one line per reason
 * @param changes    what to change, one line each (what the patch does, and what it cannot)
 * @param patch      the edits, or null when there is nothing ltocheck can write
 * @param after      the check after the fix: relinked without the objects it takes out of LTO, or
 *                   (flag, config) with the flags the objects get once rebuilt; null when not applicable
 * @param modelled   how {@code after} models the rebuilt objects, or null when it relinks without them
 * @param verified   after the fix no import crosses conflicting flags, every object it names is
 *                   handled, and nothing was left unmodelled
 * @param checks     what the verdict rests on, said where it is printed: each model run and what it
 *                   modelled, each check of a file, each assumption (never a check that was not run)
 * @param pending    what the files already say but the build does not have yet (objects still LLVM
 *                   bitcode though the kbuild files take them out of LTO; a configuration Kconfig
 *                   no longer allows): the link as built fails until it is done, one line each
 */
public record ScopeFix(FixScope scope, Fit fit, List<String> why, List<String> changes,
                       MakefilePatch patch, CheckResult after, String modelled, boolean verified, List<String> checks,
                       List<String> pending) {

    /** How a scope stands to this link. */
    public enum Fit {
        /** It fits: its fix is offered, verified or not. */
        FITS,
        /** It was looked at and does not fit this link. */
        DOES_NOT_FIT,
        /** It was not looked at: another --scope was asked for, or only its own --scope looks at it. */
        NOT_CONSIDERED
    }

    /** The scope fits this link: its fix is offered. */
    public boolean applicable() {
        return fit == Fit.FITS;
    }

    static ScopeFix notApplicable(FixScope scope, List<String> why) {
        return without(scope, Fit.DOES_NOT_FIT, why);
    }

    /** A scope not looked at for this run, {@code why} in one line. */
    static ScopeFix notConsidered(FixScope scope, String why) {
        return without(scope, Fit.NOT_CONSIDERED, List.of(why));
    }

    private static ScopeFix without(FixScope scope, Fit fit, List<String> why) {
        return new ScopeFix(scope, fit, List.copyOf(why), List.of(), null, null, null, false, List.of(), List.of());
    }
}
