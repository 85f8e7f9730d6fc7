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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs ltocheck's whole analysis (archive reader, structural walk, summary reader, LLVM loading,
 * thin link, flag-merge check) on one input, as the CLI would, for the in-suite properties. The
 * campaign of scripts/fuzz runs the CLI itself, with LLVM in process ({@link CampaignShard}).
 */
final class FuzzTarget {
    /**
     * libLLVM trusts bitcode in ways our structural walk cannot rule out (a metadata forward
     * reference to a node never defined crashes it): the fuzz target reads through one long-lived
     * isolated worker, as --isolate does (a crash it contains is one problem line).
     */
    private static final IsolatedModuleReader WORKER = new IsolatedModuleReader();

    /** The corpus, as {@link FuzzProperties} names it. */
    static final List<byte[]> MEMBERS = Corpus.MEMBERS;
    static final List<byte[]> ARCHIVES = Corpus.ARCHIVES;

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
                return WORKER.load(bitcode, name);
            }

            @Override
            public void close() {
                // shared across inputs
            }
        }, dev.ltocheck.cache.MemberCache.disabled());
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
