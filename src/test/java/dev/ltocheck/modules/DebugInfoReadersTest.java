package dev.ltocheck.modules;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Modules with debug information are not given to libLLVM in this process: its debug-info reader
 * casts operands to the kinds it expects without checking, and a campaign with debug-info members
 * crashed it three times within 120,000 inputs, each in another place (DISubrange::getImpl,
 * upgradeCULocals twice). ltocheck's own readers read them in full, with the same facts as LLVM;
 * a reader that contains crashes (--isolate's child processes) still gets them.
 */
class DebugInfoReadersTest {
    private static final Path DIR = Path.of("src/test/resources/debug-info").toAbsolutePath();
    /** Every module LLVM 20 reads (clang 22's type records are longer than it reads). */
    private static final List<String> MODULES = modules();

    private static List<String> modules() {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("c(pp)?-(15|16|19|20)-.*\\.o"))
                    .sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records what it was asked to read; reads through LLVM in this process. */
    private static final class Recording implements ModuleReader {
        private final boolean containsCrashes;
        private final List<String> asked;
        private final BitcodeLoader llvm = new BitcodeLoader();

        Recording(boolean containsCrashes, List<String> asked) {
            this.containsCrashes = containsCrashes;
            this.asked = asked;
        }

        @Override
        public ModuleFacts load(ByteBuffer bitcode, String name) throws dev.ltocheck.llvm.BitcodeLoadException {
            synchronized (asked) {
                asked.add(name);
            }
            return llvm.load(bitcode, name);
        }

        @Override
        public boolean containsCrashes() {
            return containsCrashes;
        }

        @Override
        public void close() {
            llvm.close();
        }
    }

    @Test
    void inProcessLlvmReadsNoDebugInfoModuleAndOurReadersGiveWhatLlvmGives() {
        Inputs inputs = InputCollector.collect(DIR, MODULES);
        List<String> inProcess = new ArrayList<>();
        ModuleSet ours = ModuleSetLoader.load(inputs, 1, () -> new Recording(false, inProcess), MemberCache.disabled());
        List<String> contained = new ArrayList<>();
        ModuleSet llvms = ModuleSetLoader.load(inputs, 1, () -> new Recording(true, contained), MemberCache.disabled());

        assertEquals(List.of(), inProcess);
        assertEquals(MODULES, contained);
        assertEquals(32, ours.bitcode().size());
        assertEquals(List.of(), ours.problems());
        assertEquals(llvms.bitcode().stream().map(LoadedObject.BitcodeModule::facts).toList(),
                ours.bitcode().stream().map(LoadedObject.BitcodeModule::facts).toList());
    }
}
