package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;

import java.util.List;

/**
 * A fix at one scope, as offered, or why that scope does not fit this link.
 *
 * @param scope      the scope
 * @param applicable the scope fits this link (when false, {@code why} says why and nothing else is set)
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
public record ScopeFix(FixScope scope, boolean applicable, List<String> why, List<String> changes,
                       MakefilePatch patch, CheckResult after, String modelled, boolean verified, List<String> checks,
                       List<String> pending) {

    static ScopeFix notApplicable(FixScope scope, List<String> why) {
        return new ScopeFix(scope, false, List.copyOf(why), List.of(), null, null, null, false, List.of(), List.of());
    }
}
