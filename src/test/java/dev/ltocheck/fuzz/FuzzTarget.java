package dev.ltocheck.fuzz;

import dev.ltocheck.archive.Archive;
import dev.ltocheck.archive.ArchiveReader;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.IsolatedModuleReader;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.support.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs ltocheck's whole analysis (archive reader, structural walk, summary reader, LLVM loading,
 * thin link, flag-merge check) on one input, in process, as the CLI would.
 */
final class FuzzTarget {
    /**
     * libLLVM trusts bitcode in ways our structural walk cannot rule out (a metadata forward
     * reference to a node never defined crashes it): the fuzz target reads through one long-lived
     * isolated worker, as --isolate does, and counts the crashes it contained.
     */
    private static final IsolatedModuleReader WORKER = new IsolatedModuleReader();
    /** -Dltocheck.fuzz.inprocess=true: LLVM in this JVM, as the default mode runs it (a crash ends the run). */
    private static final boolean IN_PROCESS = Boolean.getBoolean("ltocheck.fuzz.inprocess");
    private static final ThreadLocal<dev.ltocheck.llvm.BitcodeLoader> LOCAL =
            ThreadLocal.withInitial(dev.ltocheck.llvm.BitcodeLoader::new);
    static final java.util.concurrent.atomic.AtomicInteger CONTAINED_CRASHES = new java.util.concurrent.atomic.AtomicInteger();

    /** Every bitcode or ELF member of every sample, and the samples' regular archives. */
    static final List<byte[]> MEMBERS = new ArrayList<>();
    static final List<byte[]> ARCHIVES = new ArrayList<>();

    static {
        try (Stream<Path> files = Files.walk(Samples.ROOT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".o") && !f.toString().contains("/expected/"))
                    .sorted().toList()) {
                MEMBERS.add(Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (String s : Samples.ALL) {
                Path lib = Samples.dir(s).resolve("lib/lib.a");
                if (Files.exists(lib)) {
                    ARCHIVES.add(Files.readAllBytes(lib));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzTarget() {
    }

    /** The problems reported; throws only if ltocheck has a bug. */
    static List<InputProblem> member(byte[] bytes) {
        return analyse(List.of(new InputObject(ModuleId.looseFile("fuzz.o"), direct(bytes), 0, false, null)), List.of());
    }

    static List<InputProblem> archive(byte[] bytes) {
        ByteBuffer buffer = direct(bytes);
        Archive archive = ArchiveReader.read(buffer);
        List<InputObject> objects = new ArrayList<>();
        for (var m : archive.members()) {
            objects.add(new InputObject(new ModuleId("fuzz.a", m.name(), m.headerOffset(), m.name()),
                    buffer.slice((int) m.dataOffset(), (int) m.size()), objects.size(), false, null));
        }
        List<InputProblem> damage = archive.damage().map(e -> List.of(new InputProblem("fuzz.a", e.getMessage())))
                .orElse(List.of());
        return analyse(objects, damage);
    }

    private static List<InputProblem> analyse(List<InputObject> objects, List<InputProblem> damage) {
        ModuleSet set = ModuleSetLoader.load(new Inputs(objects, damage), 1, () -> new ModuleReader() {
            @Override
            public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
                return IN_PROCESS ? LOCAL.get().load(bitcode, name) : WORKER.load(bitcode, name);
            }

            @Override
            public void close() {
                // shared across inputs
            }
        }, dev.ltocheck.cache.MemberCache.disabled());
        set.problems().stream().filter(p -> p.message().contains("libLLVM crashed"))
                .forEach(p -> CONTAINED_CRASHES.incrementAndGet());
        ImportResult imports = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5")));
        try {
            LinkCheck.run(imports, set.flagsByModule());
        } catch (BitcodeLoadException e) {
            throw new IllegalStateException("flag merge failed on stub modules", e);
        }
        for (InputProblem p : set.problems()) {
            if (p.subject().isBlank() || p.message().isBlank() || p.message().contains("\n")) {
                throw new IllegalStateException("a problem that is not one line naming its input: " + p);
            }
        }
        return set.problems();
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
        buffer.put(bytes).flip();
        return buffer;
    }
}
