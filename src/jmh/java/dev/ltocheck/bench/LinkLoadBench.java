package dev.ltocheck.bench;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.load.LlvmReads;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loading a whole link's members on two threads, steady state (no JVM start): {@code cold}
 * (ltocheck's readers on every member, LLVM on those the policy picks), {@code cold-all} (LLVM on
 * every member: --llvm-reads all), {@code cached} (every member from a filled member cache, as
 * touch5 finds all but five).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinkLoadBench {
    /** A kernel object tree or sample (its vmlinux.a): -p tree=/path/to/linux-objtree */
    @Param("bitcode-samples/x86-pie")
    public String tree;

    @Param({"cold", "cold-all", "cached"})
    public String load;

    private Inputs inputs;
    private Path cacheDir;

    @Setup(Level.Trial)
    public void collect() throws IOException {
        inputs = InputCollector.collect(Path.of(tree), List.of("vmlinux.a"));
        if (load.equals("cached")) {
            cacheDir = Files.createTempDirectory("ltocheck-bench-cache");
            MemberCache fill = MemberCache.in(cacheDir);
            ModuleSetLoader.load(inputs, 2, BitcodeLoader::new, fill);
            fill.save();
        }
    }

    @Benchmark
    public ModuleSet loadTheLink() {
        return switch (load) {
            case "cold" -> ModuleSetLoader.load(inputs, 2, LlvmReads.NEEDED);
            case "cold-all" -> ModuleSetLoader.load(inputs, 2, LlvmReads.ALL);
            default -> ModuleSetLoader.load(inputs, 2, BitcodeLoader::new, MemberCache.in(cacheDir));
        };
    }
}
