package dev.ltocheck.input;

import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputCollectorTest {
    @TempDir
    Path dir;

    private static List<String> names(Inputs inputs) {
        return inputs.objects().stream().map(o -> o.id().lldName()).toList();
    }

    @Test
    void thinArchiveMembersAreNamedAsLldNamesThemAndPathedFromTheArchiveFolder() {
        Inputs inputs = InputCollector.collect(Samples.ROOT, List.of("x86-pie/vmlinux.a"));
        assertTrue(inputs.problems().isEmpty());
        InputObject head64 = inputs.objects().stream()
                .filter(o -> o.id().member().equals("arch/x86/kernel/head64.o")).findFirst().orElseThrow();
        assertEquals("x86-pie/vmlinux.a(head64.o at 724)", head64.id().lldName());
        assertEquals("x86-pie/arch/x86/kernel/head64.o", head64.id().path());
    }

    @Test
    void directoryInputFindsEveryObjectBelowItInSortedOrder() {
        Inputs inputs = InputCollector.collect(Samples.dir("stack-align"), List.of("drivers"));
        assertEquals(List.of("drivers/gpu/drm/amd/display/dc/dml/display_mode_lib.o",
                "drivers/gpu/drm/amd/display/dc/dml/dml_helpers.o"), names(inputs));
    }

    @Test
    void responseFileListsInputsIncludingNestedOnes() throws IOException {
        Path sample = Samples.dir("stack-align");
        Files.writeString(dir.resolve("inner.txt"), sample.resolve("lib/zstd/zstd_common.o") + "\n");
        Files.writeString(dir.resolve("list.txt"), "'" + sample.resolve("arch/x86/kernel/fpu.o") + "'\n  @inner.txt\n");
        Inputs inputs = InputCollector.collect(dir, List.of("@list.txt"));
        assertEquals(List.of(sample.resolve("arch/x86/kernel/fpu.o").toString(),
                sample.resolve("lib/zstd/zstd_common.o").toString()), names(inputs));
    }

    @Test
    void missingThinMemberIsOneProblemAndTheRestIsRead() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), dir.toFile());
        Files.delete(dir.resolve("mm/numa.o"));
        Inputs inputs = InputCollector.collect(dir, List.of("vmlinux.a"));
        assertEquals(List.of(new InputProblem("vmlinux.a(numa.o at 1084)", "thin archive member mm/numa.o is missing")),
                inputs.problems());
        assertEquals(27, inputs.objects().size());
    }

    @Test
    void truncatedArchiveIsOneProblemNamingTheOffset() throws IOException {
        byte[] archive = Files.readAllBytes(Samples.dir("x86-pie").resolve("vmlinux.a"));
        Files.write(dir.resolve("vmlinux.a"), java.util.Arrays.copyOf(archive, 1100));
        FileUtils.copyDirectory(Samples.dir("x86-pie").resolve("arch").toFile(), dir.resolve("arch").toFile());
        FileUtils.copyDirectory(Samples.dir("x86-pie").resolve("init").toFile(), dir.resolve("init").toFile());
        FileUtils.copyDirectory(Samples.dir("x86-pie").resolve("kernel").toFile(), dir.resolve("kernel").toFile());
        Inputs inputs = InputCollector.collect(dir, List.of("vmlinux.a"));
        assertEquals(1, inputs.problems().size());
        assertEquals("vmlinux.a: archive damaged at offset 1084: truncated member header (16 of 60 bytes);"
                + " 8 members before it were read", inputs.problems().get(0).line());
        assertEquals(8, inputs.objects().size());
    }

    @Test
    void thinMembersOutsideTheArchiveFolderAreFollowedAndShown() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.copy(Samples.dir("x86-pie").resolve("mm/numa.o"), dir.resolve("b/numa.o"));
        Files.copy(Samples.dir("x86-pie").resolve("mm/memory.o"), dir.resolve("b/memory.o"));
        // one member stored as ../b/numa.o (relative to the archive), one by its absolute path
        dev.ltocheck.support.Tools.check(dir, "llvm-ar", "rcST", "a/lib.a", "b/numa.o");
        dev.ltocheck.support.Tools.check(dir, "llvm-ar", "rcSTP", "a/lib.a", dir.resolve("b/memory.o").toString());
        Inputs inputs = InputCollector.collect(dir, List.of("a/lib.a"));
        assertTrue(inputs.problems().isEmpty(), inputs.problems()::toString);
        assertEquals(List.of("../b/numa.o", dir.resolve("b/memory.o").toString()),
                inputs.objects().stream().map(o -> o.id().member()).toList());
        assertEquals(List.of("b/numa.o", dir.resolve("b/memory.o").toString()),
                inputs.objects().stream().map(o -> o.id().path()).toList());
        // lld names them by basename, whatever directories the member names hold
        assertTrue(inputs.objects().get(0).id().lldName().matches("a/lib\\.a\\(numa\\.o at \\d+\\)"));
        assertTrue(inputs.objects().get(1).id().lldName().matches("a/lib\\.a\\(memory\\.o at \\d+\\)"));
    }

    @Test
    void releasedThinMemberIsMappedAgainWithItsBytesAndItsStampCheckedAgain() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), dir.toFile());
        Inputs inputs = InputCollector.collect(dir, List.of("vmlinux.a"));
        InputObject numa = inputs.objects().stream()
                .filter(o -> o.id().member().equals("mm/numa.o")).findFirst().orElseThrow();
        byte[] before = new byte[numa.bytes().remaining()];
        numa.bytes().duplicate().get(before);
        numa.release();
        assertTrue(numa.toString().contains("not mapped yet"), numa::toString);
        byte[] again = new byte[numa.bytes().remaining()];
        numa.bytes().duplicate().get(again);
        assertTrue(java.util.Arrays.equals(before, again));
        // Released, then rewritten: mapping it again sees that it is not the file the inputs listed.
        numa.release();
        Files.write(dir.resolve("mm/numa.o"), java.util.Arrays.copyOf(before, before.length + 4));
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                numa::bytes);
        assertEquals("changed since ltocheck listed the inputs", e.getCause().getMessage());
    }

    @Test
    void missingFileIsAProblem() {
        Inputs inputs = InputCollector.collect(dir, List.of("nope.a", "@nolist"));
        assertEquals(List.of(new InputProblem("nope.a", "no such file"), new InputProblem("@nolist", "no such file")),
                inputs.problems());
    }
}
