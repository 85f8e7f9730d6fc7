package dev.ltocheck.bench;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.LinkLine;
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
 * The import computation alone (symbol resolution, liveness, attribute propagation, every
 * module's imports) on a link's modules read once at setup, with the -mllvm options of the
 * tree's saved vmlinux.o command, as the relocatable (-r) link that command is.
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

    private List<ThinModule> modules;
    private ImportOptions options;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path dir = Path.of(tree);
        String saved = Files.readString(dir.resolve(".vmlinux.o.cmd")).lines().findFirst().orElseThrow();
        String command = saved.substring(saved.indexOf(":= ") + 3);
        LinkLine line = LinkLine.parse(LinkLine.splitCommand(command.split(";")[0]), ".vmlinux.o.cmd");
        modules = ModuleSetLoader.load(InputCollector.collect(dir, line.eager(), line.lazy()),
                Runtime.getRuntime().availableProcessors()).thinModules();
        options = ImportOptions.LLVM_DEFAULTS.withMllvm(line.mllvm());
        System.out.println(modules.size() + " modules offered");
    }

    @Benchmark
    public Object thinLink() {
        return ThinLink.run(modules, LinkOptions.RELOCATABLE, options);
    }
}
