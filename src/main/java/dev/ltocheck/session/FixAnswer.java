package dev.ltocheck.session;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.kbuild.FixPlan;
import dev.ltocheck.kbuild.ScopePlan;
import dev.ltocheck.report.ProfileMismatch;

import java.util.List;

/**
 * What {@code fix} answers with, decided in one place: a rebuild (the modules differ only in the
 * profile they were built from), a change at a wider scope (Kconfig, folder, flag), or the
 * per-object plan. Every answer keeps the per-object plan, which the report mentions either way.
 */
public sealed interface FixAnswer {
    FixPlan plan();

    /** Objects built from another profile: rebuilding them is the fix; the per-object plan only an alternative. */
    record Rebuild(ProfileMismatch profile, CheckResult after, FixPlan plan, List<String> notes) implements FixAnswer {
        public Rebuild {
            notes = List.copyOf(notes);
        }

        /** Whether the link passes once the objects are rebuilt from the majority's profile (as modelled). */
        public boolean passes() {
            return after.passes();
        }
    }

    /** The fix at the scope asked for (or chosen by --scope auto), other than per object. */
    record Scoped(ScopePlan scoped, FixPlan plan) implements FixAnswer {
    }

    /** The per-object plan; {@code scoped}: the scope report it was chosen in, or null for --scope object. */
    record PerObject(FixPlan plan, ScopePlan scoped) implements FixAnswer {
    }
}
