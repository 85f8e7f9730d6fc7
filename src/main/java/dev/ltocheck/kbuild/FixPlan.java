package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;

import java.util.List;

/**
 * The objects to take out of LTO, the patch that does it, and what else would work.
 *
 * @param objects      one per object of the cover, in link order
 * @param minimal      the cover is a proven minimum (every component bipartite)
 * @param robust       the whole minority flag class was taken, not just the cover
 * @param alternatives other fixes, most objects kept in LTO first
 * @param patch        the kbuild edits, or null without a kernel tree (then the advice is per object)
 * @param unhandled    objects of the plan the patch as written leaves in LTO (empty without a tree)
 * @param after        the check re-run with exactly the objects the patch takes out of LTO (without
 *                     a tree: every object of the plan, as the advice says)
 * @param modules      how many LTO modules (ThinLTO and full LTO) the link has
 * @param fullLto      the objects were chosen because full LTO cannot merge their flags into ld-temp.o
 */
public record FixPlan(List<ObjectFix> objects, boolean minimal, boolean robust, List<Alternative> alternatives,
                      MakefilePatch patch, List<ObjectFix> unhandled, CheckResult after, int modules,
                      boolean fullLto) {

    /**
     * The patch makes the link pass and leaves no object of the plan in LTO: no failing import,
     * (full LTO) every module merges into ld-temp.o, no module lld stops at, and nothing the
     * check after the fix could not model (a crashed merge, a flag value no compiler writes).
     */
    public boolean verified() {
        return unhandled.isEmpty() && after.passes();
    }

    /**
     * Another way out, for one conflicting pair of modules.
     *
     * @param keptInLto   how many modules stay in LTO with it
     * @param description what to do, said before the lists
     * @param lists       what to do it to, one list per kind of change (a renderer may cut a long one)
     */
    public record Alternative(int keptInLto, String description, List<Named> lists) {
        public Alternative(int keptInLto, String description) {
            this(keptInLto, description, List.of());
        }
    }

    /**
     * One kind of change and every name it applies to ({@code mark noinline ...: helper (pie.c), ...}).
     *
     * @param listed whether a long list may be cut (names one by one) or is short by construction
     */
    public record Named(String lead, List<String> names, boolean listed) {
    }
}
