package dev.ltocheck.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rebuild command check and fix print for objects built from another profile names each object
 * as one literal word, whatever the tree called it: run by /bin/sh with rm and make replaced by
 * functions that print their arguments, it hands rm exactly the paths and runs nothing else.
 */
class RebuildCommandTest {
    /** What {@code command} hands rm and make, as sh runs it: one line per call, its arguments NUL-separated. */
    private static List<String> run(String command) throws IOException, InterruptedException {
        String stubs = "rm() { printf 'rm'; printf '\\0%s' \"$@\"; printf '\\n'; }; make() { printf 'make\\n'; }; ";
        Process sh = new ProcessBuilder("/bin/sh", "-c", stubs + command).redirectErrorStream(true).start();
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue(), out);
        return out.lines().toList();
    }

    private static ProfileMismatch.Built built(String path) {
        return new ProfileMismatch.Built(path, path, "-fprofile-sample-use=p.afdo", false);
    }

    @Test
    void everyObjectIsOneLiteralWordOfTheShell() throws Exception {
        List<String> paths = List.of("mm/numa.o", "drivers/my dir/a b.o", "fs/$HOME.o", "lib/it's.o",
                "arch/x;touch pwned.o", "-f.o", "kernel/`id`.o", "init/\"q\"\\.o", "net/*.o");
        String command = ProfileMismatchText.rebuildCommand(paths.stream().map(RebuildCommandTest::built).toList());
        List<String> expected = new ArrayList<>(List.of("rm"));
        paths.forEach(p -> expected.add(p.startsWith("-") ? "./" + p : p));
        assertEquals(List.of(String.join("\0", expected), "make"), run(command), command);
    }

    @Test
    void plainNamesArePrintedAsTheyAre() {
        assertEquals("rm arch/x86/mm/mem_encrypt_identity.o mm/numa.o && make", ProfileMismatchText.rebuildCommand(
                List.of(built("arch/x86/mm/mem_encrypt_identity.o"), built("mm/numa.o"))));
        assertEquals("rm 'a b.o' 'it'\\''s.o' && make", ProfileMismatchText.rebuildCommand(
                Arrays.asList(built("a b.o"), built("it's.o"))));
    }
}
