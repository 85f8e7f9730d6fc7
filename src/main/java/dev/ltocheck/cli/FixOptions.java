package dev.ltocheck.cli;

import dev.ltocheck.kbuild.FixScope;
import picocli.CommandLine.Option;

/** What {@code fix} is asked for: where the fix changes the build, how much, and in whose words. */
final class FixOptions {
    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "object",
            description = "object (default: CFLAGS_REMOVE_<obj>.o lines), directory (one KBUILD_CFLAGS filter-out"
                    + " in a folder whose every object has the minority flags from the folder's own flags), flag"
                    + " (remove the option that set the differing flag, at its source), config (a Kconfig dependency"
                    + " when the flag follows a CONFIG_ choice) or auto (config, then directory, then object)."
                    + " Every fix offered is verified first.")
    FixScope scope = FixScope.object;

    @Option(names = "--robust", description = "Take the whole minority flag class out of LTO, not just the minimum:"
            + " imports added later cannot break it.")
    boolean robust;

    @Option(names = "--build-system", paramLabel = "KIND",
            description = "make, cmake or none: how to phrase advice for objects no kbuild file lists.")
    dev.ltocheck.report.FixRenderer.BuildSystem buildSystem;

    /** The build system asked for; else make in a kernel tree, none outside one. */
    dev.ltocheck.report.FixRenderer.BuildSystem buildSystem(boolean inTree) {
        return buildSystem != null ? buildSystem
                : inTree ? dev.ltocheck.report.FixRenderer.BuildSystem.make : dev.ltocheck.report.FixRenderer.BuildSystem.none;
    }
}
