package dev.ltocheck.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * How the importer reached a function of one module's import walk: the function, the threshold
 * its own callees are judged from, and the path above it. A root (a live function the module
 * defines) starts at {@code -import-instr-limit}; a function imported into the module continues
 * from its caller's threshold times {@code -import-instr-evolution-factor} (or
 * {@code -import-hot-evolution-factor} when the call edge is hot), truncated as LLVM truncates.
 * Paths share their tails: nothing is copied as the walk goes deeper.
 *
 * @param function  its name (the GUID in decimal when only that is known)
 * @param threshold the threshold its callees start from (LLVM's {@code Threshold} argument of
 *                  {@code computeImportForFunction}); -1 for a variable
 * @param hotEdge   reached from {@code caller} over a hot call edge (the hot evolution factor applied)
 * @param caller    the function it was imported for; null for a root
 */
public record CallPath(String function, long threshold, boolean hotEdge, CallPath caller) {

    /** A path one step deeper. */
    CallPath plus(String next, long nextThreshold, boolean hot) {
        return new CallPath(next, nextThreshold, hot, this);
    }

    /** The names from the root down to this one. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (CallPath p = this; p != null; p = p.caller()) {
            names.add(0, p.function());
        }
        return List.copyOf(names);
    }

    /** The steps from the root down to this one. */
    public List<CallPath> steps() {
        List<CallPath> steps = new ArrayList<>();
        for (CallPath p = this; p != null; p = p.caller()) {
            steps.add(0, p);
        }
        return steps;
    }
}
