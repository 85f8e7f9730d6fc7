package dev.ltocheck.bench;

import dev.ltocheck.session.LinkModel;
import dev.ltocheck.session.LinkRequest;
import dev.ltocheck.session.LinkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A whole session, as every analysing command starts: the tree's saved vmlinux.o command read,
 * every member read (cold: no cache; warm: from a member cache filled at setup), and lld's thin
 * link obtained, with its background writes awaited.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinkSessionBench {
    /** A tree with a .vmlinux.o.cmd: -p tree=/path/to/linux-objtree */
    @Param("bitcode-samples/x86-pie")
    public String tree;

    /** cold: every member read; warm: every member from the cache */
    @Param({"cold", "warm"})
    public String cache;

    /** Threads (-j); 0: one per core. */
    @Param("0")
    public int jobs;

    private Path cacheDir;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        cacheDir = Files.createTempDirectory("ltocheck-bench-cache");
        if (cache.equals("warm")) {
            load();
        }
    }

    @Benchmark
    public Object load() {
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        LinkRequest request = new LinkRequest(new LinkRequest.SavedCommand(Path.of(tree, ".vmlinux.o.cmd")), List.of(),
                true, LinkModel.DEFAULTS, threads, false, new LinkRequest.Cache(cache.equals("warm"), cacheDir),
                Optional.of("the benchmark never runs make"));
        try (LinkSession session = LinkSession.open(request, new PrintWriter(Writer.nullWriter()), false)) {
            return session.load().imports();
        }
    }
}
