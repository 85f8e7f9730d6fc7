package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;

import java.util.List;

/**
 * The objects to take out of LTO, and what else would work.
 *
 * @param objects      one per object of the cover, in link order
 * @param minimal      the cover is a proven minimum (every component bipartite)
 * @param robust       the whole minority flag class was taken, not just the cover
 * @param alternatives other fixes, most objects kept in LTO first
 * @param after        the check re-run with the objects outside LTO
 * @param modules      how many LTO modules (ThinLTO and full LTO) the link has
 * @param fullLto      the objects were chosen because full LTO cannot merge their flags into ld-temp.o
 */
public record FixPlan(List<ObjectFix> objects, boolean minimal, boolean robust, List<Alternative> alternatives,
                      CheckResult after, int modules, boolean fullLto) {

    /**
     * Another way out, for one conflicting pair of modules.
     *
     * @param keptInLto how many modules stay in LTO with it
     */
    /** True when the link passes with the objects outside LTO: no failing import, and ld-temp.o merges. */
    public boolean verified() {
        return !after.linkFails();
    }

    public record Alternative(int keptInLto, String description) {
    }
}
