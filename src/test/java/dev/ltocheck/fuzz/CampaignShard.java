package dev.ltocheck.fuzz;

import dev.ltocheck.cli.Main;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One shard of a campaign, in its own JVM: inputs {@code from} to {@code to} (exclusive), each
 * written to a one-file tree and checked by the CLI in this process ({@link Main#run}: the
 * command line, the loader threads, LLVM in process as ltocheck runs it without --isolate).
 * Today's default already has LLVM read every member lazily (no --llvm-reads option exists yet;
 * once the speed issue adds one, pass {@code --llvm-reads all} here).
 *
 * <p>Before each input the shard names it in its progress file, so that when LLVM ends the JVM
 * (or the driver kills a stuck one) the driver knows which input did it and resumes after it.
 * After each input it appends a {@link CampaignRecord}.
 *
 * <p>Arguments: records progress work handcrafted-dir seed from to [fault]. The fault, for the
 * driver's own test only, is {@code halt@I}, {@code hang@I} or {@code throw@I} (comma-separated):
 * at input I the JVM halts with 134, sleeps for ever, or the check throws.
 */
public final class CampaignShard {
    private CampaignShard() {
    }

    public static void main(String[] args) throws IOException {
        Path records = Path.of(args[0]);
        Path progress = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Map<String, byte[]> handcrafted = args[3].isEmpty() ? Map.of() : Handcrafted.load(Path.of(args[3]));
        long seed = Long.parseLong(args[4]);
        long from = Long.parseLong(args[5]);
        long to = Long.parseLong(args[6]);
        String faults = args.length > 7 ? "," + args[7] + "," : "";
        CampaignInputs inputs = new CampaignInputs(seed, handcrafted);
        Path tree = work.resolve("tree");
        Files.createDirectories(tree);
        // Loading libLLVM and the classes takes seconds on a busy machine: done before the first
        // input's clock starts (the hang bound and the slowest input are about inputs, not JVM starts).
        Path warmUp = tree.resolve("warm-up.o");
        Files.write(warmUp, Corpus.MEMBERS.get(0));
        check(warmUp, false);
        Files.delete(warmUp);
        try (OutputStream out = Files.newOutputStream(records, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (long i = from; i < to; i++) {
                CampaignInputs.Input input = inputs.input(i);
                Path file = tree.resolve(input.fileName());
                Files.deleteIfExists(tree.resolve("fuzz.o"));
                Files.deleteIfExists(tree.resolve("fuzz.a"));
                Files.write(file, input.bytes());
                writeProgress(progress, i, file, input.description());
                if (faults.contains(",halt@" + i + ",")) {
                    Runtime.getRuntime().halt(134);
                }
                if (faults.contains(",hang@" + i + ",")) {
                    sleepForEver();
                }
                long started = System.nanoTime();
                CampaignRecord record = check(file, faults.contains(",throw@" + i + ","));
                long millis = (System.nanoTime() - started) / 1_000_000;
                out.write(new CampaignRecord(i, record.outcome(), record.exitCode(), millis, input.description(),
                        record.detail()).line().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        System.exit(0);
    }

    /** The outcome of one input; index, time and description are filled in by the caller. */
    static CampaignRecord check(Path file, boolean fault) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            if (fault) {
                throw new IllegalStateException("fault injected by the driver's test");
            }
            code = Main.run(new PrintWriter(out), new PrintWriter(err), "check", "--no-cache",
                    "-mllvm", "-import-instr-limit=5", file.toString());
        } catch (Throwable t) {
            return record(CampaignRecord.Outcome.UNCAUGHT, -1, t.toString());
        }
        String problems = err.toString().strip();
        String firstLine = problems.isEmpty() ? "" : problems.lines().findFirst().orElse("");
        if (code == 0 || code == 1) {
            return record(CampaignRecord.Outcome.ANALYSED, code, firstLine);
        }
        if (code == 2 || code == 3) {
            // One line per bad input, each naming ltocheck; anything else (a stack trace, a dump) is a bug.
            String notOneLine = problems.lines().filter(l -> !l.startsWith("ltocheck: ")).findFirst().orElse(null);
            if (notOneLine != null || problems.isEmpty()) {
                return record(CampaignRecord.Outcome.UNCAUGHT, code, "problem output not one line per input: "
                        + (notOneLine == null ? "(nothing on stderr)" : notOneLine));
            }
            boolean llvm = problems.contains(" cannot read this bitcode from ") || problems.contains("libLLVM crashed");
            return record(llvm ? CampaignRecord.Outcome.CONTAINED : CampaignRecord.Outcome.REJECTED, code, firstLine);
        }
        return record(CampaignRecord.Outcome.UNCAUGHT, code, problems.replace('\n', ' '));
    }

    private static CampaignRecord record(CampaignRecord.Outcome outcome, int code, String detail) {
        return new CampaignRecord(-1, outcome, code, 0, "", detail);
    }

    /** index, the input's file, when it started, what it is: replaced atomically, so never half-written. */
    private static void writeProgress(Path progress, long index, Path file, String description) throws IOException {
        Path next = progress.resolveSibling(progress.getFileName() + ".next");
        Files.writeString(next, index + "\t" + file + "\t" + System.currentTimeMillis() + "\t"
                + CampaignRecord.oneLine(description) + "\n");
        Files.move(next, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void sleepForEver() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // a stuck input does not listen either
            }
        }
    }
}
