package dev.ltocheck.cli;

import dev.ltocheck.kbuild.FixScope;
import picocli.CommandLine.Option;

/** {@code fix --scope}: where the fix changes the build. */
final class FixScopeOption {
    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "object",
            description = "object (default: CFLAGS_REMOVE_<obj>.o lines), directory (one KBUILD_CFLAGS filter-out"
                    + " in a folder whose every object has the minority flags from the folder's own flags), flag"
                    + " (remove the option that set the differing flag, at its source), config (a Kconfig dependency"
                    + " when the flag follows a CONFIG_ choice) or auto (config, then directory, then object)."
                    + " Every fix offered is verified first.")
    FixScope scope = FixScope.object;
}
