package dev.ltocheck.bench;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.session.LinkModel;
import dev.ltocheck.session.LinkRequest;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.LoadedLink;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The import computation alone (symbol resolution, liveness, attribute propagation, every
 * module's imports) on a link's modules read once at setup by a {@link LinkSession}, with the
 * -mllvm options of the tree's saved vmlinux.o command, as the relocatable (-r) link that command
 * is, on the session's pool (-j: one thread per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThinLinkBench {
    /** A tree with a .vmlinux.o.cmd: -p tree=/path/to/linux-objtree */
    @Param("bitcode-samples/x86-pie")
    public String tree;

    private LinkSession session;
    private List<ThinModule> modules;
    private ImportOptions options;

    @Setup(Level.Trial)
    public void load() {
        LinkRequest request = new LinkRequest(new LinkRequest.SavedCommand(Path.of(tree, ".vmlinux.o.cmd")), List.of(),
                true, LinkModel.DEFAULTS, Runtime.getRuntime().availableProcessors(), false,
                new LinkRequest.Cache(false, null), Optional.of("the benchmark never runs make"));
        session = LinkSession.open(request, new PrintWriter(System.err, true), false);
        LoadedLink link = session.load();
        modules = link.modules().thinModules();
        options = link.importOptions();
        System.out.println(modules.size() + " modules offered");
    }

    @Benchmark
    public Object thinLink() {
        return ThinLink.run(modules, LinkOptions.RELOCATABLE, options, session.workers());
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }
}
