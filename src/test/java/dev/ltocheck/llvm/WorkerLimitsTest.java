package dev.ltocheck.llvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An isolated worker runs with its memory capped, and still reads a real member. */
class WorkerLimitsTest {
    @Test
    @Timeout(60)
    void theWorkerRunsUnderAnAddressSpaceLimitAndAHeapCap() throws Exception {
        Path member = Path.of("bitcode-samples/x86-pie/mm/numa.o");
        try (IsolatedModuleReader reader = new IsolatedModuleReader()) {
            ModuleFacts facts = reader.load(ByteBuffer.wrap(Files.readAllBytes(member)), "mm/numa.o");
            assertTrue(facts.flags().stream().anyMatch(f -> f.key().equals("Code Model")), facts.flags().toString());
            long pid = reader.workerPid();
            List<String> limits = Files.readAllLines(Path.of("/proc/" + pid + "/limits"));
            String addressSpace = limits.stream().filter(l -> l.startsWith("Max address space")).findFirst().orElseThrow();
            long bytes = WorkerProcess.ADDRESS_SPACE_MIB << 20;
            assertEquals(List.of("Max", "address", "space", bytes + "", bytes + "", "bytes"),
                    List.of(addressSpace.trim().split("\\s+")));
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains(" -Xmx" + WorkerProcess.HEAP_MIB + "m "), cmdline);
        }
    }
}
