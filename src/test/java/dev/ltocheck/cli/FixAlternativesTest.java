package dev.ltocheck.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fix's noinline / move-variable alternative cuts each list as check's first screen does (six, then
 * "... and N more"), and says where the whole list is: on the real riscv kernel it was one line of
 * some 3,000 characters (17 functions, 50 variables). The sample (src/test/resources/fix-alternatives,
 * built by its build.sh with the bundled clang 20.1.7, lld-link.txt ld.lld 20.1.7's output): kernel.o
 * (-mcmodel=kernel) imports nine functions and eight variables from small.o (-fpie -mcmodel=small).
 */
class FixAlternativesTest {
    private static final Path SAMPLE = Path.of("src/test/resources/fix-alternatives").toAbsolutePath();

    @Test
    void longListsAreCutAndSayWhereTheRestIs() {
        CliRunner.Run fix = CliRunner.run("fix", "--no-cache", SAMPLE.resolve("small.o").toString(),
                SAMPLE.resolve("kernel.o").toString());
        assertEquals(0, fix.exitCode(), fix.out() + fix.err());
        List<String> lines = fix.out().lines().toList();
        int at = lines.indexOf("# Alternatives, by how many of the 2 LTO modules stay in LTO:");
        assertEquals(List.of(
                "#   2: keep every object in LTO: mark noinline (NoInline summaries are never imported): small_fn0 (small.c),"
                        + " small_fn1 (small.c), small_fn2 (small.c), small_fn3 (small.c), small_fn4 (small.c),"
                        + " small_fn5 (small.c) ... and 3 more; move these variables' definitions into an object built"
                        + " with the majority flags: small_var0 (small.c), small_var1 (small.c), small_var2 (small.c),"
                        + " small_var3 (small.c), small_var4 (small.c), small_var5 (small.c) ... and 2 more;",
                "#      every function and variable that crosses: ltocheck check --detail",
                "#   2: keep every object in LTO: make the flag agree (drop the differing options from the objects'"
                        + " CFLAGS lines), if that code can be built that way",
                "#   1: take the objects above out of LTO (the patch)"), lines.subList(at + 1, at + 5), fix.out());
        // check --detail does name the ones cut: the hint is true.
        String detail = CliRunner.run("check", "--no-cache", "--detail", SAMPLE.resolve("small.o").toString(),
                SAMPLE.resolve("kernel.o").toString()).out();
        for (String name : List.of("small_fn8", "small_var7")) {
            assertEquals(true, detail.contains(name), detail);
        }
    }

    /** The link fails as ld.lld 20.1.7 says it does: check's lines for it are lld's own, and so is its exit status. */
    @Test
    void theModelledLldLinesAreLldsOwn() throws IOException {
        List<String> recorded = Files.readAllLines(SAMPLE.resolve("lld-link.txt"));
        List<String> lld = recorded.stream().filter(l -> !l.startsWith("#")).sorted().toList();
        assertEquals(1, lld.size(), recorded.toString());
        assertEquals("# exit status: 1", recorded.get(recorded.size() - 1));
        CliRunner.Run ours = CliRunner.run("check", "--no-cache", "--lld-lines", SAMPLE.resolve("small.o").toString(),
                SAMPLE.resolve("kernel.o").toString());
        assertEquals(1, ours.exitCode(), ours.out() + ours.err());
        assertEquals(lld, ours.out().replace(SAMPLE + "/", "").lines().sorted().toList(), ours.err());
    }
}
