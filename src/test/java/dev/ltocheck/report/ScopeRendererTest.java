package dev.ltocheck.report;

import dev.ltocheck.kbuild.FixScope;
import dev.ltocheck.kbuild.ScopeFix;
import dev.ltocheck.kbuild.ScopePlan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fix --scope's other scopes are rendered from how each stands to the link (ScopeFix.Fit), never
 * from the words of its reason: a scope that does not fit keeps its state line even when its reason
 * begins "not considered", and one not looked at is one line whatever its reason says.
 */
class ScopeRendererTest {
    private static ScopeFix without(FixScope scope, ScopeFix.Fit fit, String why) {
        return new ScopeFix(scope, fit, List.of(why), List.of(), null, null, null, false, List.of(), List.of());
    }

    @Test
    void otherScopesAreToldApartByTheirFitNotByTheirText() {
        ScopeFix object = new ScopeFix(FixScope.object, ScopeFix.Fit.FITS, List.of(), List.of(), null, null, null, true,
                List.of(), List.of());
        ScopeFix config = without(FixScope.config, ScopeFix.Fit.DOES_NOT_FIT,
                "not considered by Kconfig: no choice sets the flag");
        ScopeFix directory = without(FixScope.directory, ScopeFix.Fit.NOT_CONSIDERED, "left out (--scope object)");
        ScopeFix flag = without(FixScope.flag, ScopeFix.Fit.NOT_CONSIDERED,
                "not considered: only with --scope flag, since it changes what the code is built as");
        ScopePlan plan = new ScopePlan(FixScope.auto, object, List.of(config, directory, flag, object), "verified",
                List.of());
        assertEquals(List.of("#",
                "# Other scopes, in the order --scope auto prefers them:",
                "#   config: not chosen: does not fit this link",
                "#     not considered by Kconfig: no choice sets the flag",
                "#   directory: left out (--scope object)",
                "#   flag: not considered: only with --scope flag, since it changes what the code is built as"),
                ScopeRenderer.alternatives(plan));
    }
}
