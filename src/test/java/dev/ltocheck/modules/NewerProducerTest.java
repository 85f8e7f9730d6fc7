package dev.ltocheck.modules;

import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.support.NewerProducer;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bitcode a newer LLVM wrote: LLVM 20 refuses it; our own readers still give its flags and summary. */
class NewerProducerTest {
    @TempDir
    Path dir;

    @Test
    void llvmRefusesItAndTheMessageNamesTheProducerWhileOurReadersStandIn() throws Exception {
        Path sample = Samples.dir("x86-pie").resolve("arch/x86/kernel/head64.o");
        Files.write(dir.resolve("head64-llvm22.o"), NewerProducer.craft(Files.readAllBytes(sample)));
        Files.copy(Samples.dir("x86-pie").resolve("mm/numa.o"), dir.resolve("numa.o"));

        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, List.of("head64-llvm22.o", "numa.o")), 1);
        assertEquals(2, set.bitcode().size());
        assertEquals(1, set.problems().size());
        String message = set.problems().get(0).message();
        assertTrue(message.startsWith("LLVM 20.1.7 cannot read this bitcode from LLVM22.1.7: "), message);
        assertTrue(message.contains("Unknown attribute kind (1000)"), message);
        assertTrue(message.endsWith("; module flags and ThinLTO summary read by ltocheck's own reader instead"), message);

        LoadedObject.BitcodeModule crafted = set.bitcode().get(0);
        assertNotNull(crafted.summary());
        assertEquals(List.of("!{i32 1, !\"wchar_size\", i32 4}", "!{i32 8, !\"PIC Level\", i32 1}",
                "!{i32 7, !\"PIE Level\", i32 1}", "!{i32 1, !\"Code Model\", i32 1}",
                "!{i32 1, !\"EnableSplitLTOUnit\", i32 1}"),
                crafted.facts().flags().stream().map(ModuleFlag::llvmText).toList());
        assertEquals(2, set.thinModules().size(), "its summary still takes part in the import analysis");
    }
}
