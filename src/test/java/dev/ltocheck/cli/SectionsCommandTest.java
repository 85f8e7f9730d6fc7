package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectionsCommandTest {
    private static final Pattern DEFINE = Pattern.compile("^define .*@([\\w.$]+)\\(.*\\) .*#(\\d+) section \"\\.pi\\.text\"");
    private static final Pattern CALL = Pattern.compile("call [^@]*@([\\w.$]+)\\(");

    @TempDir
    Path tree;

    private static JsonNode sections(String dir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("sections", "--format", "json", "--link-cmd", dir + "/.vmlinux.o.cmd"));
        args.addAll(List.of(extra));
        CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
        return new ObjectMapper().readTree(run.out());
    }

    /** The calls out of .pi.text as llvm-dis shows them, and which .pi.text functions carry "fentry-call". */
    @Test
    void everyCallLlvmDisShowsIsReportedAndEveryKindIsThere() throws IOException {
        Path dir = Samples.dir("x86-pitext");
        Set<String> expected = new TreeSet<>();
        Set<String> fentry = new TreeSet<>();
        Set<String> confined = Set.of("__startup_64", "early_pgtable_base", "snp_cpuid");
        for (String object : List.of("arch/x86/kernel/head64.o", "arch/x86/kernel/sev.o")) {
            List<String> lines = Tools.check(dir, "llvm-dis", "-o", "-", object).lines().toList();
            String function = null;
            for (String line : lines) {
                Matcher d = DEFINE.matcher(line);
                if (d.find()) {
                    function = d.group(1);
                    String group = "attributes #" + d.group(2) + " = ";
                    if (lines.stream().anyMatch(l -> l.startsWith(group) && l.contains("\"fentry-call\"=\"true\""))) {
                        fentry.add(function);
                    }
                } else if (line.equals("}")) {
                    function = null;
                } else if (function != null) {
                    Matcher c = CALL.matcher(line);
                    if (c.find() && !c.group(1).startsWith("llvm.") && !confined.contains(c.group(1))) {
                        expected.add(function + " -> " + c.group(1));
                    }
                }
            }
        }
        JsonNode json = sections(dir.toString());
        Set<String> ours = new TreeSet<>();
        Set<String> ourFentry = new TreeSet<>();
        Set<String> categories = new TreeSet<>();
        for (JsonNode r : json.get("references")) {
            categories.add(r.get("category").asText());
            if (r.get("fromCodegen").asBoolean()) {
                if (r.get("target").asText().equals("__fentry__")) {
                    ourFentry.add(r.get("caller").asText());
                }
            } else {
                ours.add(r.get("caller").asText() + " -> " + r.get("target").asText());
            }
        }
        assertEquals(expected, ours);
        assertEquals(confined, fentry);
        assertEquals(fentry, ourFentry);
        assertTrue(categories.containsAll(List.of("ubsan", "kasan", "kcov", "tracing", "stack_protector",
                "address_translation", "ordinary")), categories::toString);
        assertEquals(3, json.get("summary").get("confinedFunctions").asInt());
    }

    @Test
    void applyingTheKbuildLinesAndRebuildingLeavesOnlyTheCodesOwnCalls() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pitext").toFile(), tree.toFile(), false);
        CliRunner.Run apply = CliRunner.run("sections", "--apply", "--srctree", tree.toString(),
                "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(1, apply.exitCode(), apply.err());
        assertTrue(apply.err().contains("ltocheck: edited arch/x86/kernel/Makefile"), apply.err());
        ProcessBuilder make = new ProcessBuilder("make").directory(tree.toFile()).redirectErrorStream(true)
                .redirectOutput(tree.resolve("build.log").toFile());
        make.environment().putAll(Tools.toolchain().environment(make.environment()));
        Process p = make.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(tree.resolve("build.log")));

        JsonNode after = sections(tree.toString());
        Set<String> left = new TreeSet<>();
        after.get("references").forEach(r -> left.add(r.get("target").asText() + ":" + r.get("category").asText()
                + (r.get("fromIntrinsic").asBoolean() ? ":intrinsic" : "")));
        // Without KASAN the array initialiser is llvm.memset again, which codegen may turn into a memset call.
        assertEquals(Set.of("__phys_addr:address_translation", "snp_cpuid_postprocess:ordinary", "memset:ordinary:intrinsic"),
                left);
    }
}
