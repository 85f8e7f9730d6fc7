package dev.ltocheck.fuzz;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every mutation class against ltocheck's whole analysis: each input ends with a result or
 * one-line problems within a time bound, never an exception (a JVM exit would end the run).
 * Fixed seeds; scripts/fuzz runs the long campaign.
 */
class FuzzProperties {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Property(tries = 150, seed = "20261125")
    void mutatedMembers(@ForAll @IntRange(min = 0, max = 10_000) int member, @ForAll Mutation mutation,
                        @ForAll @LongRange long seed) {
        byte[] original = FuzzTarget.MEMBERS.get(member % FuzzTarget.MEMBERS.size());
        byte[] input = mutation.apply(original, new Random(seed));
        assertTimeoutPreemptively(BOUND, () -> FuzzTarget.member(input));
    }

    @Property(tries = 60, seed = "20261126")
    void mutatedArchives(@ForAll @IntRange(min = 0, max = 100) int archive, @ForAll Mutation mutation,
                         @ForAll @LongRange long seed) {
        byte[] original = FuzzTarget.ARCHIVES.get(archive % FuzzTarget.ARCHIVES.size());
        byte[] input = mutation.apply(original, new Random(seed));
        assertTimeoutPreemptively(BOUND, () -> FuzzTarget.archive(input));
    }
}
