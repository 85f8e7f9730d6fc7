package dev.ltocheck.cli;

import dev.ltocheck.support.BitcodeRecords;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DIDerivedType's annotations (operand 13) as LLVM 20 reads them: only when the record also has
 * operand 14 ("Only look for annotations/ptrauth if both are allocated", MetadataLoader.cpp). Clang
 * 16 writes 14 operands, clang 19 15 (src/test/resources/debug-info-annotations/build.sh, tags.c
 * with btf_decl_tag). Each object's first annotated type is rewritten to name node 1,000, which
 * neither module defines: llvm-dis 20 reads the clang 16 one (it never looks there), so ltocheck must
 * too; the clang 19 one is a dangling reference LLVM resolves (llvm-dis 20 dies of it), refused in one line.
 */
class MetadataOperandLengthsTest {
    private static final Path DIR = Path.of("src/test/resources/debug-info-annotations").toAbsolutePath();
    private static final int METADATA_BLOCK = 15;
    private static final int METADATA_DERIVED_TYPE = 17;
    private static final long ABSENT = 1000; // id + 1 = 1,000: fits the 2 chunks of the VBR6 it replaces

    private static Path withDanglingAnnotations(Path dir, String object, int operands) throws IOException {
        byte[] bitcode = Files.readAllBytes(DIR.resolve(object));
        BitcodeRecords.Rec derived = BitcodeRecords.read(bitcode).stream()
                .filter(r -> r.blockId() == METADATA_BLOCK && r.code().value() == METADATA_DERIVED_TYPE)
                .filter(r -> r.operands().size() == operands && r.op(13) != 0)
                .findFirst().orElseThrow();
        Path out = dir.resolve(object);
        Files.write(out, BitcodeRecords.with(bitcode, derived.operands().get(13), ABSENT));
        return out;
    }

    @Test
    void fourteenOperandsAnnotationsAreNotReadByLlvmNorJudged(@TempDir Path dir) throws IOException {
        Path object = withDanglingAnnotations(dir, "tags-16.o", 14);
        Tools.Result dis = Tools.run(dir, "llvm-dis", object.toString(), "-o", "-");
        assertEquals(0, dis.exitCode(), dis.stderr());
        CliRunner.Run run = CliRunner.run("flags", "--no-cache", object.toString());
        assertEquals("", run.err());
        assertEquals(0, run.exitCode(), run.out());
    }

    @Test
    void fifteenOperandsAnnotationsNamingNoNodeAreOneLine(@TempDir Path dir) throws IOException {
        Path object = withDanglingAnnotations(dir, "tags-19.o", 15);
        // LLVM itself does not survive it: llvm-dis 20 dies resolving the reference (SIGSEGV, 128 + 11).
        Tools.Result dis = Tools.run(dir, "llvm-dis", object.toString(), "-o", "-");
        assertEquals(139, dis.exitCode(), dis.stderr());
        assertTrue(dis.stderr().contains("MetadataLoaderImpl::lazyLoadOneMetadata"), dis.stderr());
        CliRunner.Run run = CliRunner.run("flags", "--no-cache", object.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: " + object + ": not valid bitcode, not given to LLVM: MODULE_BLOCK > METADATA_BLOCK:"
                + " metadata record 17 refers to node 999 of 55 (operand 13)", "ltocheck: no input could be read"),
                run.err().lines().toList());
    }
}
