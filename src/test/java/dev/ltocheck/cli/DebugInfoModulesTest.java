package dev.ltocheck.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modules with debug information (scripts/make-debug-info: a C and a C++ program from clang 15,
 * 16, 19, 20 and 22 in four debug-info modes) are read as LLVM reads them: every debug-info record
 * names metadata at its own positions, and none of them may be taken for damage. Until the
 * campaign's dangling-reference fix, the check of named metadata refused every one of them
 * ("!llvm.dbg.cu refers to 33, not a node"). clang 22's are refused by LLVM 20 itself (a type
 * record longer than it reads), and ltocheck's own reader stands in, as for any newer producer.
 */
class DebugInfoModulesTest {
    private static final Path DIR = Path.of("src/test/resources/debug-info").toAbsolutePath();
    private static final Path DANGLING = Path.of("src/test/resources/hostile/debug-record-dangling-reference.o")
            .toAbsolutePath();

    @TestFactory
    Stream<DynamicTest> everyDebugInfoModuleIsReadWithoutAProblem() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.list(DIR)) {
            modules = files.filter(p -> p.toString().endsWith(".o") || p.toString().endsWith(".bc")).sorted().toList();
        }
        assertTrue(modules.size() >= 33, "scripts/make-debug-info has not been run: " + modules);
        return modules.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> {
            CliRunner.Run run = CliRunner.run("flags", "--no-cache", m.toString());
            if (m.getFileName().toString().matches("c(pp)?-22-.*")) {
                assertEquals(List.of("ltocheck: " + m + ": LLVM 20.1.7 cannot read this bitcode from LLVM22.1.8: Invalid"
                        + " record; an ld.lld older than its producer may refuse it too (the report's first line says what"
                        + " yours does); module flags and ThinLTO summary read by ltocheck's own reader instead"),
                        run.err().lines().toList());
            } else {
                assertEquals("", run.err(), m.toString());
                assertEquals(0, run.exitCode(), run.out());
            }
        }));
    }

    /**
     * Input 180,141 of the 200,000-input campaign, seed 2: a bit flip turned a node into a
     * GENERIC_DEBUG record whose operands name metadata the block never defines. LLVM 20 resolves
     * such a name through the lazy-loading index, empty outside importing, and crashed the JVM
     * (SIGSEGV in MetadataLoaderImpl::lazyLoadOneMetadata). Committed as found.
     */
    @Test
    void aDebugRecordNamingMetadataThatDoesNotExistIsOneLineNotACrash() {
        CliRunner.Run run = CliRunner.run("check", "--no-cache", "-mllvm", "-import-instr-limit=5", DANGLING.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: " + DANGLING + ": not valid bitcode, not given to LLVM: MODULE_BLOCK > METADATA_BLOCK:"
                        + " metadata record 12 refers to node 530 of 15 (operand 3)",
                "ltocheck: no input could be read"), run.err().lines().toList());
    }
}
