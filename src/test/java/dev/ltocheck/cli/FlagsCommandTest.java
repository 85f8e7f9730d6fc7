package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagsCommandTest {
    private static final String X86_PIE = Samples.dir("x86-pie").resolve("vmlinux.a").toString();
    private static final List<String> PIE_OBJECTS = List.of("arch/x86/kernel/head64.o", "arch/x86/kernel/sev.o",
            "arch/x86/mm/mem_encrypt_identity.o", "arch/x86/mm/pti.o", "arch/x86/lib/cmdline.o");

    /** The lines of the block that follows a line starting with the given header, up to the next header. */
    private static List<String> block(String text, String header) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(header)) {
                in = true;
            } else if (in && line.startsWith("  '")) {
                break;
            } else if (in) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    @Test
    void x86PieShowsTheCodeModelSplitWithThePieObjectsByPath() {
        CliRunner.Run run = CliRunner.run("flags", X86_PIE);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("27 bitcode modules, 1 native object, 0 unreadable;"
                + " triples: x86_64-unknown-linux-gnu (27)\n"), run.out());
        List<String> codeModel = block(run.out(), "  'Code Model' (Error)");
        assertEquals("kernel (i32 2)  22 modules", codeModel.get(0));
        assertEquals("small (i32 1)   5 modules", codeModel.get(1));
        assertEquals(PIE_OBJECTS, codeModel.subList(2, 7).stream().map(FlagsCommandTest::relativePath).toList());
        assertEquals(7, codeModel.size(), "the majority is counted, not listed");
        for (String key : List.of("  'PIC Level' (Min)", "  'PIE Level' (Max)")) {
            List<String> presence = block(run.out(), key);
            assertEquals("absent         22 modules", presence.get(0));
            assertEquals("small (i32 1)  5 modules", presence.get(1));
            assertEquals(PIE_OBJECTS, presence.subList(2, 7).stream().map(FlagsCommandTest::relativePath).toList());
        }
        assertTrue(run.out().contains("  'wchar_size' (Error) = i32 4\n"));
        assertTrue(run.out().contains("Native objects (not bitcode; linked as they are, outside LTO):\n  "
                + Samples.dir("x86-pie").resolve("arch/x86/kernel/head_64.o")));
    }

    // "<path>  <lld name>" listed under a group: the path relative to the sample
    private static String relativePath(String listed) {
        String path = listed.split("  ")[0];
        return Samples.dir("x86-pie").relativize(Path.of(path)).toString();
    }

    @Test
    void riscvNamesCodeModelsAsRiscvDoes() {
        CliRunner.Run run = CliRunner.run("flags", Samples.dir("riscv-medany").resolve("vmlinux.a").toString());
        List<String> codeModel = block(run.out(), "  'Code Model' (Error)");
        assertEquals("medlow (i32 1)  5 modules", codeModel.get(0));
        assertEquals("medany (i32 3)  1 module", codeModel.get(1));
        assertTrue(codeModel.get(2).endsWith("riscv-medany/vmlinux.a(init.o at 252)"), codeModel.get(2));
    }

    @Test
    void byModuleGivesOneRowPerModule() {
        CliRunner.Run run = CliRunner.run("flags", "--by-module", X86_PIE);
        List<String> rows = run.out().lines().filter(l -> l.contains("x86_64-unknown-linux-gnu  ")).toList();
        assertEquals(27, rows.size());
        assertTrue(rows.stream().anyMatch(r -> r.contains("vmlinux.a(head64.o at 724)  x86_64-unknown-linux-gnu  "
                + "'wchar_size'=4 'PIC Level'=small 'PIE Level'=small 'Code Model'=small 'EnableSplitLTOUnit'=1")));
    }

    @Test
    void jsonMatchesTheDocumentedSchemaAndTheText() throws IOException {
        CliRunner.Run run = CliRunner.run("flags", "--format", "json", X86_PIE);
        assertEquals(0, run.exitCode());
        JsonNode json = new ObjectMapper().readTree(run.out());
        Set<ValidationMessage> errors = JsonSchemas.validate("flags.schema.json", json);
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals(27, json.get("summary").get("bitcodeModules").asInt());
        JsonNode codeModel = json.get("flags").findParents("key").stream()
                .filter(n -> n.get("key").asText().equals("Code Model")).findFirst().orElseThrow();
        JsonNode small = codeModel.get("groups").get(1);
        assertEquals("i32 1", small.get("value").get("text").asText());
        assertEquals("small", small.get("value").get("readable").asText());
        assertEquals(5, small.get("modules").size());
    }

    @Test
    void unreadableMemberIsOneStderrLineAndTheRestIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("junk.o"), "junk");
        CliRunner.Run run = CliRunner.run("flags", dir.resolve("junk.o").toString(), X86_PIE);
        assertEquals(3, run.exitCode(), "incomplete");
        assertEquals(0, CliRunner.run("flags", "--allow-incomplete", dir.resolve("junk.o").toString(), X86_PIE).exitCode());
        assertEquals(List.of("ltocheck: " + dir.resolve("junk.o") + ": neither LLVM bitcode nor an ELF object"
                + " (text)"), run.err().lines().toList());
        assertTrue(run.out().startsWith("27 bitcode modules, 1 native object, 1 unreadable;"));
    }

    @Test
    void nothingReadableExitsTwo(@TempDir Path dir) {
        CliRunner.Run run = CliRunner.run("flags", dir.resolve("missing.a").toString());
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(List.of("ltocheck: " + dir.resolve("missing.a") + ": no such file",
                "ltocheck: no input could be read"), run.err().lines().toList());
    }

    @Test
    void usageErrorExitsTwo() {
        assertEquals(2, CliRunner.run("flags").exitCode());
        assertEquals(2, CliRunner.run("flags", "--format", "yaml", X86_PIE).exitCode());
    }

    @Test
    void everyCommandsHelpTeachesWithExamplesAndExitCodes() {
        for (String command : List.of("check", "explain", "fix", "flags", "imports", "sections", "toolchain")) {
            CliRunner.Run run = CliRunner.run(command, "--help");
            assertEquals(0, run.exitCode());
            assertTrue(run.out().contains("Examples:"), command);
            assertTrue(run.out().contains("Exit Codes:"), command);
        }
    }
}
