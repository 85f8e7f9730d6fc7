package dev.ltocheck.wrapper;

/** How a run of the linker wrapper ended; the command maps it to its exit code. */
public sealed interface LdOutcome {
    /** The real linker ran here and exited with {@code exitCode} (passed on as it is). */
    record Linked(int exitCode) implements LdOutcome {
    }

    /** The check says the link fails, and it was not run. */
    record NotLinked() implements LdOutcome {
    }

    /** The decision was written for the launcher. */
    record Decided(LdDecision decision) implements LdOutcome {
    }

    /** A failed link's log was looked at (and explained, when it failed on module flags). */
    record Explained() implements LdOutcome {
    }
}
