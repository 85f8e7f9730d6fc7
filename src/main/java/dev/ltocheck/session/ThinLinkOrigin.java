package dev.ltocheck.session;

/** How a {@link LoadedLink}'s thin link was obtained. */
public sealed interface ThinLinkOrigin {
    /** Time spent obtaining it, in nanoseconds. */
    long nanos();

    /** For --verbose: how, and in how long. */
    String describe();

    /** Computed from ltocheck's own first pass, while LLVM read the members. */
    record ComputedEarly(long nanos) implements ThinLinkOrigin {
        @Override
        public String describe() {
            return "computed beside LLVM's reading in " + nanos / 1_000_000 + " ms";
        }
    }

    /** Recalled from the memo of an earlier run on the same modules and options. */
    record Recalled(long nanos) implements ThinLinkOrigin {
        @Override
        public String describe() {
            return "recalled (same modules and options) in " + nanos / 1_000_000 + " ms";
        }
    }

    /**
     * Computed once every member was read.
     *
     * @param again an early one was computed and could not stand (LLVM and ltocheck's flag reader
     *              both refused a module)
     */
    record Recomputed(long nanos, boolean again) implements ThinLinkOrigin {
        @Override
        public String describe() {
            return "computed in " + nanos / 1_000_000 + " ms"
                    + (again ? " (again: LLVM and ltocheck's flag reader both refused a module)" : "");
        }
    }
}
