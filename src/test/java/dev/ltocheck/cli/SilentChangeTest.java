package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A -fpie module importing from a -mcmodel=kernel -fno-pic one links, but LLVM rewrites its flags:
 * 'PIC Level' (Min) drops to 0 and 'Code Model' is adopted (seen in lld's --save-temps output).
 */
class SilentChangeTest {
    @TempDir
    Path dir;

    @Test
    void adoptedAndChangedFlagsAreWarningsAndFailOnlyOnRequest() throws Exception {
        Files.writeString(dir.resolve("dst.c"), "int helper(int);\nint dst_main(int x) { return helper(x) + 1; }\n");
        Files.writeString(dir.resolve("src.c"), "int helper(int x) { return x * 3; }\n");
        Tools.check(dir, "clang", "-O2", "-flto=thin", "--target=x86_64-linux-gnu", "-fpie", "-c", "dst.c", "-o", "dst.o");
        Tools.check(dir, "clang", "-O2", "-flto=thin", "--target=x86_64-linux-gnu", "-fno-pic", "-mcmodel=kernel", "-c",
                "src.c", "-o", "src.o");
        String dst = dir.resolve("dst.o").toString();
        String src = dir.resolve("src.o").toString();

        CliRunner.Run run = CliRunner.run("check", "--format", "json", dst, src);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(JsonSchemas.validate("check.schema.json", json).isEmpty());
        List<String> warnings = new ArrayList<>();
        json.get("warnings").forEach(w -> warnings.add(w.get("into").get("path").asText().replace(dst, "dst.o") + " "
                + w.get("kind").asText() + " '" + w.get("flag").asText() + "' " + w.path("before").asText("-") + " -> "
                + w.path("after").asText("-")));
        assertEquals(List.of("dst.o changed 'PIC Level' i32 1 -> i32 0", "dst.o adopted 'Code Model' - -> i32 2"), warnings);

        assertEquals(1, CliRunner.run("check", "--fail-on", "warning", dst, src).exitCode());
        CliRunner.Run text = CliRunner.run("check", dst, src);
        assertTrue(text.out().contains("warning: " + dst + ": 'PIC Level' changes from i32 1 to i32 0 importing from " + src),
                text.out());
    }
}
