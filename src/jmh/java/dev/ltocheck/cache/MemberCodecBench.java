package dev.ltocheck.cache;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.LoadedObject;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a warm run spends on each cached member: decoding it from the cache file's bytes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemberCodecBench {
    /** A kernel object tree or sample (its vmlinux.a): -p tree=/path/to/linux-objtree */
    @Param("bitcode-samples/x86-pie")
    public String tree;

    private List<byte[]> encoded;

    @Setup(Level.Trial)
    public void encode() {
        encoded = ModuleSetLoader.load(InputCollector.collect(Path.of(tree), List.of("vmlinux.a")),
                        Runtime.getRuntime().availableProcessors()).bitcode().stream()
                .map((LoadedObject.BitcodeModule m) -> MemberCodec.encode(
                        new CachedMember(m.facts(), m.summary(), m.llvmRefused())))
                .toList();
        System.out.println(encoded.size() + " members, " + encoded.stream().mapToLong(b -> b.length).sum() + " bytes");
    }

    @Benchmark
    public void decodeEveryMember(Blackhole sink) throws CacheFormatException {
        for (byte[] member : encoded) {
            sink.consume(MemberCodec.decode(ByteBuffer.wrap(member)));
        }
    }
}
