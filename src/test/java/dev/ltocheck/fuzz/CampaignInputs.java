package dev.ltocheck.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Input number {@code index} of a campaign with a given seed: a function of the two alone, so that
 * a shard resumed after a death, and anyone reproducing an input, makes the very same bytes.
 *
 * <p>One input in {@value #HANDCRAFTED_EVERY} is a handcrafted class ({@link Handcrafted}), half
 * of them as built and half mutated further; the others are sample members (four in five) or
 * sample archives with one mutation applied.
 */
final class CampaignInputs {
    static final int HANDCRAFTED_EVERY = 25;

    /** One input: what it is called in records and file names, whether it is an archive, its bytes. */
    record Input(long index, String description, boolean archive, byte[] bytes) {
        String fileName() {
            return archive ? "fuzz.a" : "fuzz.o";
        }
    }

    private final long seed;
    private final List<String> handcraftedNames;
    private final List<byte[]> handcrafted;

    CampaignInputs(long seed, Map<String, byte[]> handcrafted) {
        this.seed = seed;
        this.handcraftedNames = new ArrayList<>(handcrafted.keySet());
        this.handcrafted = new ArrayList<>(handcrafted.values());
    }

    Input input(long index) {
        // Input seeds spread by a multiplier, so that campaigns of neighbouring seeds share nothing.
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Mutation[] mutations = Mutation.values();
        if (!handcrafted.isEmpty() && index % HANDCRAFTED_EVERY == HANDCRAFTED_EVERY - 1) {
            int which = random.nextInt(handcrafted.size());
            if (random.nextBoolean()) {
                return new Input(index, "handcrafted " + handcraftedNames.get(which), false, handcrafted.get(which));
            }
            Mutation mutation = mutations[random.nextInt(mutations.length)];
            long mutationSeed = random.nextLong();
            return new Input(index, "handcrafted " + handcraftedNames.get(which) + " " + mutation + " seed " + mutationSeed,
                    false, mutation.apply(handcrafted.get(which), new Random(mutationSeed)));
        }
        boolean archive = random.nextInt(5) == 0;
        List<byte[]> pool = archive ? Corpus.ARCHIVES : Corpus.MEMBERS;
        int which = random.nextInt(pool.size());
        Mutation mutation = mutations[random.nextInt(mutations.length)];
        long mutationSeed = random.nextLong();
        return new Input(index, (archive ? "archive " : "member ") + which + " " + mutation + " seed " + mutationSeed,
                archive, mutation.apply(pool.get(which), new Random(mutationSeed)));
    }
}
