package dev.ltocheck.bench;

import dev.ltocheck.bitcode.SummaryDecoder;
import dev.ltocheck.bitcode.SummaryFormatException;
import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ObjectFormat;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.ModuleSummary;
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

/**
 * Our own pass over each bitcode member (structure walk, summary, metadata checks), the loop
 * every cold run spends most of its Java time in. Per member: divide by the member count printed
 * at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemberReadingBench {
    /** A kernel object tree or sample (its vmlinux.a): -p tree=/path/to/linux-objtree */
    @Param("bitcode-samples/x86-pie")
    public String tree;

    private List<ByteBuffer> members;

    @Setup(Level.Trial)
    public void collect() {
        members = InputCollector.collect(Path.of(tree), List.of("vmlinux.a")).objects().stream()
                .filter(o -> o.format() == ObjectFormat.BITCODE)
                .map(InputObject::bytes)
                .toList();
        System.out.println(members.size() + " bitcode members");
    }

    @Benchmark
    public void walkReadAndCheck(Blackhole sink) throws BitstreamException, SummaryFormatException {
        for (ByteBuffer m : members) {
            sink.consume(dev.ltocheck.bitcode.CheckedModule.read(m, ModuleSetLoader.LAZILY_SKIPPED_BLOCKS::contains));
        }
    }

    /** ltocheck's own module-flag reader, which stands in for LLVM's lazy load on most members. */
    @Benchmark
    public void ownFlags(Blackhole sink) throws SummaryFormatException {
        for (ByteBuffer m : members) {
            ModuleSummary s = SummaryDecoder.read(m);
            sink.consume(dev.ltocheck.modules.OwnFlags.read(m, s));
        }
    }

    @Benchmark
    public void summaryOnly(Blackhole sink) throws SummaryFormatException {
        for (ByteBuffer m : members) {
            ModuleSummary s = SummaryDecoder.read(m);
            sink.consume(s);
        }
    }
}
