package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README says what the tool does today: its sample output, the files it names, the exit codes. */
class ReadmeTest {
    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void installIsTheFirstSection() throws IOException {
        String first = readme().lines().filter(l -> l.startsWith("## ")).findFirst().orElseThrow();
        assertEquals("## Install", first);
    }

    @Test
    void theCheckSampleIsTodaysOutput() throws IOException {
        String readme = readme();
        int start = readme.indexOf("    $ cd bitcode-samples/x86-pie && ../../scripts/ltocheck\n");
        assertTrue(start >= 0);
        List<String> block = new java.util.ArrayList<>(readme.substring(start).lines().skip(1)
                .takeWhile(l -> l.startsWith("    ") || l.isEmpty()).map(l -> l.isEmpty() ? l : l.substring(4)).toList());
        while (block.get(block.size() - 1).isEmpty()) {
            block.remove(block.size() - 1);
        }
        List<String> sample = block;
        CliRunner.Run run = CliRunner.run("check", "--no-cache", "--link-cmd",
                Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString());
        List<String> out = run.out().replace(Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString(), ".vmlinux.o.cmd")
                .lines().toList();
        // The answer-first report fits the sample whole: every line of it is today's output.
        assertEquals(out, sample);
    }

    @Test
    void everySchemaTheReadmeNamesExists() throws IOException {
        Matcher m = Pattern.compile("src/main/resources/dev/ltocheck/schema/[a-z-]+\\.schema\\.json").matcher(readme());
        int found = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(Path.of(m.group())), m.group());
            found++;
        }
        assertTrue(found >= 3, "the README names the check, flags and imports schemas");
        assertTrue(readme().contains("src/main/resources/dev/ltocheck/schema/check.schema.json"));
    }

    @Test
    void checksExitCodesIncludeTheIncompleteRun() throws IOException {
        String readme = readme();
        String check = readme.substring(readme.indexOf("### `ltocheck check`"), readme.indexOf("### `ltocheck explain"));
        assertTrue(check.contains("; 3 some inputs\ncould not be read"), check);
    }
}
