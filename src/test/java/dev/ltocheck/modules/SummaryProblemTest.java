package dev.ltocheck.modules;

import dev.ltocheck.bitcode.BitcodeIds;
import dev.ltocheck.bitcode.SummaryDecoder;
import dev.ltocheck.bitcode.SummaryFormatException;
import dev.ltocheck.bitstream.BitstreamReader;
import dev.ltocheck.bitstream.Entry;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A summary our reader cannot trust: one line naming the module, which leaves the import graph. */
class SummaryProblemTest {
    @TempDir
    Path dir;

    /** Byte offset of the GLOBALVAL_SUMMARY_BLOCK's length word inside a module. */
    private static int summaryLengthWord(byte[] bitcode) throws Exception {
        BitstreamReader stream = new BitstreamReader(ByteBuffer.wrap(bitcode));
        while (true) {
            Entry e = stream.advance();
            if (e instanceof Entry.SubBlock b && b.blockId() == BitcodeIds.MODULE_BLOCK) {
                stream.enterBlock();
                while (true) {
                    Entry inner = stream.advance();
                    if (inner instanceof Entry.SubBlock s && s.blockId() == BitcodeIds.GLOBALVAL_SUMMARY_BLOCK) {
                        stream.cursor().readVbr(4);
                        stream.cursor().alignTo32();
                        return (int) (stream.cursor().bitPosition() / 8);
                    } else if (inner instanceof Entry.SubBlock) {
                        stream.skipBlock();
                    } else if (inner instanceof Entry.Record r) {
                        stream.readRecord(r.abbrevId(), new dev.ltocheck.bitstream.Record());
                    }
                }
            } else if (e instanceof Entry.SubBlock) {
                stream.skipBlock();
            }
        }
    }

    @Test
    void corruptSummaryLengthIsCaughtBeforeLlvmAndTheRestIsRead() throws Exception {
        byte[] bitcode = Files.readAllBytes(Samples.dir("x86-pie").resolve("mm/numa.o"));
        int word = summaryLengthWord(bitcode);
        ByteBuffer.wrap(bitcode).order(ByteOrder.LITTLE_ENDIAN).putInt(word, 0x00ffffff);
        Files.write(dir.resolve("numa.o"), bitcode);
        Files.copy(Samples.dir("x86-pie").resolve("mm/memory.o"), dir.resolve("memory.o"));

        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, List.of("numa.o", "memory.o")), 1);
        assertEquals(1, set.bitcode().size());
        assertEquals(1, set.problems().size());
        assertEquals("numa.o", set.problems().get(0).subject());
        assertTrue(set.problems().get(0).message().startsWith("not valid bitcode, not given to LLVM: block 20 declares "),
                set.problems().get(0).message());
        assertEquals(1, set.thinModules().size());
    }

    @Test
    void truncationsAndBitFlipsGiveFormatErrorsNeverOtherExceptions() throws IOException {
        byte[] bitcode = Files.readAllBytes(Samples.dir("x86-pie").resolve("arch/x86/kernel/head64.o"));
        Random random = new Random(7);
        int failures = 0;
        for (int cut = 4; cut < bitcode.length; cut += 13) {
            failures += outcome(Arrays.copyOf(bitcode, cut));
        }
        for (int i = 0; i < 300; i++) {
            byte[] flipped = bitcode.clone();
            int bit = 32 + random.nextInt(flipped.length * 8 - 32);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            failures += outcome(flipped);
        }
        assertTrue(failures > 0);
    }

    // 1 when the reader rejected the input with its own exception; any other exception fails the test.
    private static int outcome(byte[] bytes) {
        try {
            SummaryDecoder.read(ByteBuffer.wrap(bytes));
            return 0;
        } catch (SummaryFormatException e) {
            assertTrue(!e.getMessage().isBlank());
            return 1;
        }
    }
}
