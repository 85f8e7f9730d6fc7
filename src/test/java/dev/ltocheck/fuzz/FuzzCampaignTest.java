package dev.ltocheck.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The long campaign of scripts/fuzz: N mutated inputs (members and archives, every mutation
 * class), each with a time bound. Skipped unless -Dltocheck.fuzz.inputs=N is given.
 */
class FuzzCampaignTest {
    private static final long BOUND_SECONDS = 60;

    @Test
    void campaign() throws Exception {
        int inputs = Integer.getInteger("ltocheck.fuzz.inputs", 0);
        Assumptions.assumeTrue(inputs > 0, "run through scripts/fuzz");
        long seed = Long.getLong("ltocheck.fuzz.seed", 1);
        Random random = new Random(seed);
        Thread[] runnerThread = new Thread[1];
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> runnerThread[0] = new Thread(r, "fuzz"));
        int problems = 0;
        int hangs = 0;
        List<String> exceptions = new ArrayList<>();
        long slowest = 0;
        String slowestInput = "";
        Mutation[] mutations = Mutation.values();
        long start = System.nanoTime();
        int done = inputs;
        for (int i = 0; i < inputs; i++) {
            boolean archive = random.nextInt(5) == 0;
            List<byte[]> pool = archive ? FuzzTarget.ARCHIVES : FuzzTarget.MEMBERS;
            int which = random.nextInt(pool.size());
            Mutation mutation = mutations[random.nextInt(mutations.length)];
            long mutationSeed = random.nextLong();
            byte[] input = mutation.apply(pool.get(which), new Random(mutationSeed));
            if (Boolean.getBoolean("ltocheck.fuzz.inprocess")) {
                // LLVM may end this process: leave behind which input it was
                Files.writeString(Path.of("target/fuzz-current.txt"), describe(archive, which, mutation, mutationSeed));
            }
            long t0 = System.nanoTime();
            Future<Integer> outcome = runner.submit(() -> (archive ? FuzzTarget.archive(input) : FuzzTarget.member(input)).size());
            try {
                problems += outcome.get(BOUND_SECONDS, TimeUnit.SECONDS) > 0 ? 1 : 0;
            } catch (TimeoutException e) {
                hangs++;
                StringBuilder stack = new StringBuilder();
                for (StackTraceElement element : runnerThread[0].getStackTrace()) {
                    stack.append("\n    at ").append(element);
                }
                exceptions.add("hang: " + describe(archive, which, mutation, mutationSeed) + stack);
                done = i + 1;
                break; // the stuck thread cannot be stopped; report what was seen
            } catch (java.util.concurrent.ExecutionException e) {
                exceptions.add(describe(archive, which, mutation, mutationSeed) + ": " + e.getCause());
            }
            long took = System.nanoTime() - t0;
            if (took > slowest) {
                slowest = took;
                slowestInput = describe(archive, which, mutation, mutationSeed);
            }
        }
        runner.shutdownNow();
        String summary = String.format("fuzz: seed %d, %d inputs in %.0f s, %d rejected with one-line problems,"
                        + " %d libLLVM crashes contained by the isolated worker, 0 JVM crashes, %d hangs, %d uncaught"
                        + " exceptions, slowest input %.0f ms (%s)", seed, done, (System.nanoTime() - start) / 1e9,
                problems, FuzzTarget.CONTAINED_CRASHES.get(), hangs, exceptions.size() - hangs, slowest / 1e6, slowestInput);
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/fuzz-summary.txt"), summary + "\n" + String.join("\n", exceptions) + "\n");
        assertEquals(List.of(), exceptions, summary);
    }

    private static String describe(boolean archive, int which, Mutation mutation, long seed) {
        return (archive ? "archive " : "member ") + which + " " + mutation + " seed " + seed;
    }
}
