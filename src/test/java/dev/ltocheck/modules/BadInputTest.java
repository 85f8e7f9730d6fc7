package dev.ltocheck.modules;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs LLVM must never see, or that LLVM rejects: one problem line each, the JVM lives on. */
class BadInputTest {
    @TempDir
    Path dir;

    private ModuleSet load(String... names) {
        return ModuleSetLoader.load(InputCollector.collect(dir, List.of(names)), 2);
    }

    private Path sampleObject() {
        return Samples.dir("x86-pie").resolve("mm/numa.o");
    }

    @Test
    void garbageAfterTheBitcodeMagicNeverReachesLlvm() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'B';
        garbage[1] = 'C';
        garbage[2] = (byte) 0xC0;
        garbage[3] = (byte) 0xDE;
        Files.write(dir.resolve("garbage.o"), garbage);
        Files.copy(sampleObject(), dir.resolve("numa.o"));
        ModuleSet set = load("garbage.o", "numa.o");
        assertEquals(1, set.bitcode().size());
        assertEquals(1, set.problems().size());
        InputProblem problem = set.problems().get(0);
        assertEquals("garbage.o", problem.subject());
        assertTrue(problem.message().startsWith("not valid bitcode, not given to LLVM: "), problem.message());
    }

    /** Well-formed bitstream, but no module in it: our reader says so, and LLVM never sees it. */
    @Test
    void bitcodeWithoutAModuleIsCaughtBeforeLlvm() throws Exception {
        byte[] bitcode = Files.readAllBytes(sampleObject());
        dev.ltocheck.bitstream.BitstreamReader reader =
                new dev.ltocheck.bitstream.BitstreamReader(java.nio.ByteBuffer.wrap(bitcode));
        reader.advance(); // IDENTIFICATION_BLOCK
        reader.skipBlock();
        int end = (int) (reader.cursor().bitPosition() / 8);
        Files.write(dir.resolve("identification-only.o"), java.util.Arrays.copyOf(bitcode, end));
        ModuleSet set = load("identification-only.o");
        assertEquals(1, set.problems().size());
        assertEquals("not valid bitcode, not given to LLVM: top level: no MODULE_BLOCK", set.problems().get(0).message());
    }

    @Test
    void truncatedBitcodeIsOneProblem() throws IOException {
        byte[] bitcode = Files.readAllBytes(sampleObject());
        Files.write(dir.resolve("cut.o"), java.util.Arrays.copyOf(bitcode, bitcode.length / 2));
        ModuleSet set = load("cut.o");
        assertEquals(1, set.problems().size());
        assertTrue(set.nothingReadable());
    }

    @Test
    void elfObjectGivenDirectlyIsNative() throws IOException {
        Files.copy(Samples.dir("x86-pie").resolve("arch/x86/kernel/head_64.o"), dir.resolve("head_64.o"));
        ModuleSet set = load("head_64.o");
        assertEquals(1, set.natives().size());
        assertTrue(set.problems().isEmpty());
    }

    @Test
    void textFileAndEmptyFileAreProblemsNamingThemselves() throws IOException {
        Files.writeString(dir.resolve("notes.o"), "not an object\n");
        Files.write(dir.resolve("empty.o"), new byte[0]);
        ModuleSet set = load("notes.o", "empty.o");
        assertEquals(List.of(
                new InputProblem("notes.o", "neither LLVM bitcode nor an ELF object (text)"),
                new InputProblem("empty.o", "empty file")), set.problems());
    }

    @Test
    void wrappedBitcodeIsUnwrapped() throws IOException {
        byte[] bitcode = Files.readAllBytes(sampleObject());
        ByteBuffer wrapped = ByteBuffer.allocate(20 + bitcode.length).order(ByteOrder.LITTLE_ENDIAN);
        wrapped.putInt(0x0B17C0DE).putInt(0).putInt(20).putInt(bitcode.length).putInt(7).put(bitcode);
        Files.write(dir.resolve("wrapped.o"), wrapped.array());
        ModuleSet set = load("wrapped.o");
        assertEquals(1, set.bitcode().size());
        assertEquals("mm/numa.c", set.bitcode().get(0).facts().sourceFilename());
    }

    @Test
    void wrapperPointingOutsideTheFileIsAProblem() throws IOException {
        ByteBuffer wrapped = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        wrapped.putInt(0x0B17C0DE).putInt(0).putInt(20).putInt(1000).putInt(7).putInt(0xdec0_4342);
        Files.write(dir.resolve("wrapped.o"), wrapped.array());
        ModuleSet set = load("wrapped.o");
        assertEquals("bitcode wrapper points at bytes 20..1020 outside the 24-byte member",
                set.problems().get(0).message());
    }
}
