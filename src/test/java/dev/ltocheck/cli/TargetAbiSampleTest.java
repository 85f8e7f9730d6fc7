package dev.ltocheck.cli;

import dev.ltocheck.report.Producer;
import dev.ltocheck.report.ProducerAdvice;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The riscv-abi sample: arch/riscv/mm/init.o built -mabi=lp64d by clang-19, the rest lp64 by clang
 * 20. check and explain say lld's lines, and group the modules by who built them (the IDENTIFICATION
 * strings llvm-bcanalyzer prints), naming the side to rebuild and the option.
 */
class TargetAbiSampleTest {
    private static final Pattern IDENTIFICATION = Pattern.compile(" op\\d+=(\\d+)");

    private static String cmd() {
        return Samples.dir("riscv-abi").resolve(".vmlinux.o.cmd").toString();
    }

    /** What llvm-bcanalyzer says wrote an object. */
    private static String identification(String object) {
        return identification(Samples.dir("riscv-abi"), object);
    }

    /** The IDENTIFICATION block's STRING record, its operands decoded as characters. */
    private static String identification(Path dir, String object) {
        String dump = Tools.check(dir, "llvm-bcanalyzer", "-dump", object);
        String block = dump.substring(dump.indexOf("<IDENTIFICATION_BLOCK_ID"), dump.indexOf("</IDENTIFICATION_BLOCK_ID>"));
        String record = block.substring(block.indexOf("<STRING"), block.indexOf("/>", block.indexOf("<STRING")));
        Matcher op = IDENTIFICATION.matcher(record);
        StringBuilder text = new StringBuilder();
        while (op.find()) {
            text.append((char) Integer.parseInt(op.group(1)));
        }
        assertTrue(text.length() > 0, object);
        return text.toString();
    }

    @Test
    void checkSaysLldsLinesAndWhichSideToRebuildWithWhichOption() {
        String foreign = identification("arch/riscv/mm/init.o");
        String own = identification("mm/memblock.o");
        assertTrue(!foreign.equals(own) && foreign.startsWith("LLVM19.") && own.startsWith("LLVM20."), foreign + " " + own);

        CliRunner.Run lines = CliRunner.run("check", "--lld-lines", "--link-cmd", cmd());
        assertEquals(new TreeSet<>(Samples.lldErrors("riscv-abi")), new TreeSet<>(lines.out().lines().toList()));

        CliRunner.Run run = CliRunner.run("check", "--link-cmd", cmd());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> out = run.out().lines().toList();
        int at = out.indexOf("'target-abi' follows who built the modules:");
        assertTrue(at > 0, run.out());
        assertEquals(List.of(
                "  lp64: clang (" + own + ") in 5 modules",
                "  lp64d: clang (" + foreign + "), another clang version in 1 module: arch/riscv/mm/init.o, built with clang-19",
                "Alternative: rebuild arch/riscv/mm/init.o with clang-19 -mabi=lp64 (as the rest); or, if it is prebuilt"
                        + " by clang (" + foreign + "), build the other 5 modules with -mabi=lp64d."), out.subList(at + 1, at + 4));
        // The answer first, as fix writes it: the object out of LTO; the rebuild only after it, as the alternative.
        int plan = out.indexOf("Take this object out of LTO: every failing pair has it.");
        assertTrue(plan > 0 && plan < at, run.out());
        assertTrue(out.subList(0, at).stream().noneMatch(l -> l.startsWith("Rebuild ")), run.out());
    }

    @Test
    void explainOnLldsLogGroupsTheSameWayAndNamesEveryLine() throws Exception {
        Path log = Samples.dir("riscv-abi").resolve("expected/lld-link.txt");
        CliRunner.Run run = CliRunner.run("explain", log.toString(), "--link-cmd", cmd());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> out = run.out().lines().toList();
        assertTrue(out.contains("'target-abi' follows who built the modules:"), run.out());
        int explained = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("ld.lld: error: ")) {
                assertTrue(out.get(i + 1).matches("    \\S+\\.o \\(lp64d? \\(!\"lp64d?\"\\)\\) imports from \\S+\\.o \\(lp64d? \\(!\"lp64d?\"\\)\\):"),
                        out.get(i + 1));
                assertTrue(out.get(i + 1).contains("arch/riscv/mm/init.o (lp64d"), out.get(i + 1));
                explained++;
            }
        }
        assertEquals(Samples.lldErrors("riscv-abi").size(), explained);
        assertTrue(Files.readString(log).contains("'target-abi'"));
    }

    @Test
    void jsonSaysTheProducersOfEachSideAndTheOptionToRebuildWith() throws Exception {
        CliRunner.Run run = CliRunner.run("check", "--format", "json", "--link-cmd", cmd());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(java.util.Set.of(), dev.ltocheck.support.JsonSchemas.validate("check.schema.json", json));
        var sides = json.get("producers").get(0).get("sides");
        assertEquals("target-abi", json.get("producers").get(0).get("flag").asText());
        assertEquals("lp64d", sides.get(1).get("value").asText());
        assertEquals("-mabi=lp64", sides.get(1).get("rebuildWith").asText());
        assertEquals(identification("arch/riscv/mm/init.o"), sides.get(1).get("producers").get(0).get("identification").asText());
        CliRunner.Run explain = CliRunner.run("explain", "--format", "json",
                Samples.dir("riscv-abi").resolve("expected/lld-link.txt").toString(), "--link-cmd", cmd());
        var explained = new com.fasterxml.jackson.databind.ObjectMapper().readTree(explain.out());
        assertEquals(java.util.Set.of(), dev.ltocheck.support.JsonSchemas.validate("explain.schema.json", explained));
        assertEquals(json.get("producers"), explained.get("producers"));
    }

    /**
     * rustc's object (LLVM22.1.2-rust-..., code model small by default) imported into by a kernel-model
     * clang-22 module, linked by ld.lld 22 (bitcode-samples/lld22-rust-code-model): lld's line, and the
     * Rust side named with rustc's option.
     */
    @Test
    void aRustObjectIsRebuiltWithRustcsOwnOption() {
        Path dir = Samples.dir("lld22-rust-code-model");
        String rust = identification(dir, "rust.o");
        assertTrue(rust.contains("-rust-"), rust);
        List<String> golden = Samples.golden("lld22-rust-code-model", "lld-link.txt").stream()
                .filter(l -> l.startsWith("ld.lld: error: ")).toList();
        CliRunner.Run lines = CliRunner.run("check", "--lld-lines", "--lld-version", "22",
                dir.resolve("kernel.o").toString(), dir.resolve("rust.o").toString());
        assertEquals(golden, lines.out().lines().map(l -> l.replace(dir + "/", "")).toList());
        CliRunner.Run run = CliRunner.run("check", "--lld-version", "22", dir.resolve("kernel.o").toString(),
                dir.resolve("rust.o").toString());
        String out = run.out().replace(dir + "/", "");
        Matcher version = Pattern.compile("-rust-(\\S+)").matcher(rust);
        assertTrue(version.find());
        assertTrue(out.contains("  small: rustc " + version.group(1) + " (" + rust + "), not clang in 1 module: rust.o\n"), out);
        assertTrue(out.contains("Alternative: rebuild rust.o with rustc -C code-model=kernel (as the rest); Rust's std comes prebuilt:"
                + " rebuild it with -Zbuild-std; or, if it is prebuilt by rustc " + version.group(1) + " (" + rust + "),"
                + " build the other 1 module with -mcmodel=small.\n"), out);
    }

    @Test
    void producersAreToldApartByTheirIdentificationString() {
        Producer rust = Producer.of("LLVM19.1.7-rust-1.84.0-stable", "x86_64-unknown-linux-gnu");
        assertEquals(Producer.Kind.RUSTC, rust.kind());
        assertEquals("rustc 1.84.0-stable (LLVM19.1.7-rust-1.84.0-stable)", rust.describe());
        assertEquals("-C code-model=kernel", ProducerAdvice.option(rust.kind(), "Code Model", "kernel", ""));
        assertEquals("-mcmodel=kernel", ProducerAdvice.option(Producer.Kind.CLANG, "Code Model", "kernel", ""));
        assertEquals(Producer.Kind.DEVICE_LIBRARY, Producer.of("LLVM19.0.0git", "amdgcn-amd-amdhsa").kind());
        assertEquals("-mcode-object-version=5",
                ProducerAdvice.option(Producer.Kind.CLANG, "amdgpu_code_object_version", "500", "amdgcn-amd-amdhsa"));
        assertEquals(19, Producer.of(identification("arch/riscv/mm/init.o"), "riscv64").llvmMajor());
    }
}
