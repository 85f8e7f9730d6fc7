package dev.ltocheck.report;

/**
 * The one answer check's first screen leads with, decided once by its caller (session's
 * CheckAnswer, by the rule fix answers with): what fails, why and the one change. Any other way
 * to fix the link is said after it, labelled an alternative.
 */
public sealed interface FirstAnswer {
    /** The failing imports grouped by the objects of the fix plan (none without a plan). */
    Causes causes();

    /**
     * Every failing pair differs only in the profile its modules were built from: rebuild the
     * objects built from another profile; taking the plan's objects out of LTO is the alternative.
     */
    record Rebuild(ProfileMismatch profile, Causes causes) implements FirstAnswer {
    }

    /**
     * Take the plan's objects out of LTO, as fix writes it; a rebuild that would settle a flag (from
     * the profile the rest use, with the option the rest's producer uses) follows as an alternative.
     */
    record OutOfLto(Causes causes) implements FirstAnswer {
    }

    /** No plan to lead with (nothing fails, or none was made): the findings with their own advice. */
    record Findings() implements FirstAnswer {
        @Override
        public Causes causes() {
            return Causes.none();
        }
    }
}
