package dev.ltocheck.fuzz;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a campaign in sharded JVMs ({@link CampaignShard}) and counts what became of every input
 * from the shards' records and their processes' exit statuses, never from crash reports (a JVM
 * that LLVM ends often leaves none). A shard that dies, or stays on one input past the bound
 * (then it is killed), is restarted after that input; the input is saved for reproduction.
 *
 * <p>{@code java -cp TEST_CLASSPATH dev.ltocheck.fuzz.CampaignDriver --inputs N [--seed S]
 * [--shards K] [--hang-seconds 30] [--out target/fuzz] [--deaths target/fuzz-deaths]
 * [--no-handcrafted] [--xmx 1g] [--address-space-mb 8192]}; exit 0 only when every input was
 * checked with no death, hang or uncaught exception.
 */
public final class CampaignDriver {
    /** The campaign's parameters. */
    record Options(long inputs, long seed, int shards, long hangSeconds, Path out, Path deaths, boolean handcrafted,
                   String xmx, long addressSpaceMb, String classpath, String fault) {
        static Options parse(String[] args) {
            long inputs = 0;
            long seed = 1;
            int shards = 2;
            long hangSeconds = 30;
            Path out = Path.of("target/fuzz");
            Path deaths = Path.of("target/fuzz-deaths");
            boolean handcrafted = true;
            String xmx = "1g";
            long addressSpaceMb = 8192;
            String fault = "";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-handcrafted")) {
                    handcrafted = false;
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--inputs" -> inputs = Long.parseLong(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--shards" -> shards = Integer.parseInt(v);
                    case "--hang-seconds" -> hangSeconds = Long.parseLong(v);
                    case "--out" -> out = Path.of(v);
                    case "--deaths" -> deaths = Path.of(v);
                    case "--xmx" -> xmx = v;
                    case "--address-space-mb" -> addressSpaceMb = Long.parseLong(v);
                    case "--fault" -> fault = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (inputs <= 0 || shards <= 0) {
                throw new IllegalArgumentException("--inputs N (N > 0) is required; --shards must be positive");
            }
            return new Options(inputs, seed, shards, hangSeconds, out, deaths, handcrafted, xmx, addressSpaceMb,
                    System.getProperty("java.class.path"), fault);
        }
    }

    /** A shard JVM that has not begun its first input by then is broken, not slow: the campaign stops. */
    private static final long STARTUP_BOUND_SECONDS = 300;

    private CampaignDriver() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CampaignSummary summary = run(options);
        System.out.println(summary.text());
        System.exit(summary.clean() ? 0 : 1);
    }

    /** Runs the whole campaign; the summary is also written to OUT/summary.txt. */
    static CampaignSummary run(Options o) throws IOException, InterruptedException {
        // Nothing of an earlier campaign may be counted in this one.
        deleteTree(o.out());
        deleteTree(o.deaths());
        Files.createDirectories(o.out());
        Files.createDirectories(o.deaths());
        Path handcrafted = o.out().resolve("handcrafted");
        if (o.handcrafted()) {
            Handcrafted.build(handcrafted);
        }
        long started = System.nanoTime();
        List<Shard> shards = new ArrayList<>();
        for (int k = 0; k < o.shards(); k++) {
            long from = o.inputs() * k / o.shards();
            long to = o.inputs() * (k + 1) / o.shards();
            if (from < to) {
                Shard shard = new Shard(k, from, to, o, o.handcrafted() ? handcrafted : null);
                shard.start(from);
                shards.add(shard);
            }
        }
        // Shards outlive neither the driver nor a failure of it.
        Thread stopShards = new Thread(() -> shards.forEach(Shard::stop));
        Runtime.getRuntime().addShutdownHook(stopShards);
        try {
            while (shards.stream().anyMatch(s -> !s.finished)) {
                for (Shard s : shards) {
                    if (!s.finished) {
                        s.poll();
                    }
                }
                Thread.sleep(100);
            }
        } finally {
            shards.forEach(Shard::stop);
            Runtime.getRuntime().removeShutdownHook(stopShards);
        }
        List<CampaignRecord> records = new ArrayList<>();
        for (Shard s : shards) {
            for (String line : Files.readAllLines(s.records, StandardCharsets.UTF_8)) {
                records.add(CampaignRecord.parse(line));
            }
        }
        CampaignSummary summary = CampaignSummary.of(o.seed(), o.inputs(), (System.nanoTime() - started) / 1e9, records,
                shards.stream().mapToInt(s -> s.restarts).sum());
        Files.writeString(o.out().resolve("summary.txt"), summary.text() + "\n");
        return summary;
    }

    /** One shard: its range, its files, its current process. */
    private static final class Shard {
        private final int number;
        private final long to;
        private final Options options;
        private final Path handcrafted;
        private final Path records;
        private final Path progress;
        private final Path work;
        private final Path log;
        private Process process;
        private long launchedMillis;
        private long logSizeAtLaunch;
        private long startedAt;
        private boolean finished;
        private int restarts;

        Shard(int number, long from, long to, Options options, Path handcrafted) {
            this.number = number;
            this.startedAt = from;
            this.to = to;
            this.options = options;
            this.handcrafted = handcrafted;
            this.records = options.out().resolve("shard-" + number + ".records");
            this.progress = options.out().resolve("shard-" + number + ".progress");
            this.work = options.out().resolve("shard-" + number);
            this.log = options.out().resolve("shard-" + number + ".log");
        }

        void start(long from) throws IOException {
            startedAt = from;
            Files.deleteIfExists(progress);
            List<String> command = new ArrayList<>();
            if (options.addressSpaceMb() > 0 && prlimit().isPresent()) {
                // libLLVM grows without bound on some inputs (10 GB before "out of memory"):
                // an address-space limit makes it die in seconds. Not lower than 8 GiB: a shard
                // at rest reserves 3.9 GB (heap, code cache, libLLVM, 64 MiB for each LLVM
                // thread's stack), and under 4 GiB thread creation failed after ~73,000 inputs.
                command.addAll(List.of(prlimit().get(), "--as=" + options.addressSpaceMb() * 1024 * 1024, "--"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + options.xmx(), "-XX:+UseParallelGC", "-XX:-UsePerfData",
                    "-XX:ErrorFile=" + work.toAbsolutePath().resolve("hs_err_pid%p.log"),
                    "-cp", options.classpath(), CampaignShard.class.getName(),
                    records.toString(), progress.toString(), work.toString(),
                    handcrafted == null ? "" : handcrafted.toString(), Long.toString(options.seed()),
                    Long.toString(from), Long.toString(to), options.fault()));
            Files.createDirectories(work);
            launchedMillis = System.currentTimeMillis();
            logSizeAtLaunch = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command);
            // glibc reserves 64 MiB of address space per malloc arena (one per thread by default).
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
        }

        void stop() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }

        void poll() throws IOException, InterruptedException {
            Optional<Progress> now = Progress.read(progress);
            if (process.isAlive() && now.isEmpty()
                    && System.currentTimeMillis() - launchedMillis > STARTUP_BOUND_SECONDS * 1000) {
                process.destroyForcibly();
                throw new IllegalStateException("shard " + number + " did not reach its first input " + startedAt
                        + " in " + STARTUP_BOUND_SECONDS + " s: see " + log);
            }
            if (process.isAlive()) {
                if (now.isPresent() && System.currentTimeMillis() - now.get().startMillis() > options.hangSeconds() * 1000) {
                    process.destroyForcibly();
                    process.waitFor();
                    ended(now.get(), CampaignRecord.Outcome.HANG, -1, "killed after " + options.hangSeconds() + " s");
                }
                return;
            }
            int status = process.exitValue();
            if (status == 0 && lastRecordIndex() == to - 1) {
                finished = true;
                return;
            }
            if (now.isEmpty() || now.get().index() < startedAt) {
                throw new IllegalStateException("shard " + number + " ended with status " + status
                        + " before its first input " + startedAt + ": see " + log);
            }
            ended(now.get(), CampaignRecord.Outcome.DEATH, status, lastWords());
        }

        /** The shard's process is gone while on {@code at}: record it, keep the input, go on after it. */
        private void ended(Progress at, CampaignRecord.Outcome outcome, int status, String detail) throws IOException {
            long millis = System.currentTimeMillis() - at.startMillis();
            boolean recorded = lastRecordIndex() == at.index();
            String description = recorded ? "after " + at.description() : at.description();
            Files.writeString(records, new CampaignRecord(at.index(), outcome, status, millis, description, detail).line(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
            if (!recorded && Files.exists(at.file())) {
                String name = at.file().getFileName().toString();
                String kind = outcome.name().toLowerCase(java.util.Locale.ROOT);
                Files.copy(at.file(), options.deaths().resolve(at.index() + "-" + kind + name.substring(name.indexOf('.'))),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(options.deaths().resolve(at.index() + "-" + kind + ".txt"),
                        "input " + at.index() + " of seed " + options.seed() + ": " + at.description() + "\n"
                                + (outcome == CampaignRecord.Outcome.DEATH ? "exit status " + status : "hang") + ": "
                                + detail + "\nreproduce: scripts/ltocheck check --no-cache -mllvm -import-instr-limit=5 "
                                + options.deaths().resolve(at.index() + "-" + kind + name.substring(name.indexOf('.')))
                                + "\n");
            }
            restarts++;
            if (at.index() + 1 < to) {
                start(at.index() + 1);
            } else {
                finished = true;
            }
        }

        /** The index of the shard's last record: read from the end, as the file grows to megabytes. */
        private long lastRecordIndex() throws IOException {
            if (!Files.exists(records)) {
                return -1;
            }
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(records.toFile(), "r")) {
                long length = file.length();
                byte[] tail = new byte[(int) Math.min(length, 8192)];
                file.seek(length - tail.length);
                file.readFully(tail);
                String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
                String last = lines.length == 0 ? "" : lines[lines.length - 1];
                return last.isBlank() ? -1 : Long.parseLong(last.substring(0, last.indexOf('\t')));
            }
        }

        /** The last lines the ended JVM printed since its launch (LLVM's "LLVM ERROR: ...", the JVM's banner). */
        private String lastWords() throws IOException {
            if (!Files.exists(log)) {
                return "(no message)";
            }
            byte[] all = Files.readAllBytes(log);
            String printed = new String(all, (int) Math.min(all.length, logSizeAtLaunch),
                    (int) Math.max(0, all.length - logSizeAtLaunch), StandardCharsets.ISO_8859_1);
            List<String> lines = printed.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
            return lines.isEmpty() ? "(no message)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
    }

    /** What a shard's progress file says: the input it is on, its file, when it began. */
    record Progress(long index, Path file, long startMillis, String description) {
        static Optional<Progress> read(Path progress) throws IOException {
            if (!Files.exists(progress)) {
                return Optional.empty();
            }
            String[] f = Files.readString(progress, StandardCharsets.UTF_8).strip().split("\t", 4);
            return Optional.of(new Progress(Long.parseLong(f[0]), Path.of(f[1]), Long.parseLong(f[2]), f[3]));
        }
    }

    private static Optional<String> prlimit() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "prlimit");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
