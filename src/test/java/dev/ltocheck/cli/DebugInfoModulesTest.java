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
 * ("!llvm.dbg.cu refers to 33, not a node"). In process they are read by ltocheck's own readers
 * alone (DebugInfoReadersTest), clang 22's too, whose type records LLVM 20 would refuse.
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
            assertEquals("", run.err(), m.toString());
            assertEquals(0, run.exitCode(), run.out());
        }));
    }

    /**
     * Inputs 6,402, 9,932, 114,577 and 118,653 of the first campaign with debug-info members (seed
     * 3): mutated debug-info modules on which libLLVM crashed in process (DISubrange::getImpl,
     * upgradeCULocals). Committed as found; LLVM no longer reads such modules in process, and each
     * is one line.
     */
    @TestFactory
    Stream<DynamicTest> debugInfoThatCrashedLlvmIsOneLine() {
        return Stream.of(6402, 9932, 114577, 118653).map(n -> DynamicTest.dynamicTest("input " + n, () -> {
            Path input = Path.of("src/test/resources/hostile/debug-info-campaign-" + n + ".o").toAbsolutePath();
            CliRunner.Run run = CliRunner.run("check", "--no-cache", "-mllvm", "-import-instr-limit=5", input.toString());
            List<String> lines = run.err().lines().toList();
            assertEquals(2, run.exitCode(), run.out() + run.err());
            assertEquals(2, lines.size(), run.err());
            assertTrue(lines.get(0).startsWith("ltocheck: " + input + ": its module flags are unreadable: "), lines.get(0));
            assertEquals("ltocheck: no input could be read", lines.get(1));
        }));
    }

    /**
     * Input 105,495 of the seed-4 campaign: an old-style node record pairing an operand with type
     * id 2^64-4, read as a negative index (an uncaught exception, exit 70). Committed as found.
     */
    @Test
    void anOldStyleNodeWithATypeIdPastTheLongRangeIsOneLineNotAnInternalError() {
        Path input = Path.of("src/test/resources/hostile/old-node-negative-type.o").toAbsolutePath();
        CliRunner.Run run = CliRunner.run("check", "--no-cache", "-mllvm", "-import-instr-limit=5", input.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: " + input + ": not valid bitcode, not given to LLVM: METADATA_BLOCK: METADATA_STRINGS"
                + " counts exceed the blob", "ltocheck: no input could be read"), run.err().lines().toList());
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
