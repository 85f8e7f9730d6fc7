package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** explain on the logs older lld versions wrote: their words, and what an aborting lld never printed. */
class ExplainOlderLldTest {
    @Test
    void anAbortedLld16LinkIsExplainedAndTheRestGivenInItsWords() {
        String sample = "lld16-x86-pie";
        CliRunner.Run run = CliRunner.run("explain", Samples.dir(sample).resolve("expected/lld-link.txt").toString(),
                "--link-cmd", Samples.dir(sample).resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> all = run.out().lines().toList();
        assertTrue(all.get(0).startsWith("The link fails: ld.lld 16.0.6 aborts at the first failing import"), all.get(0));
        // After the answer, the log's line and what is behind it.
        List<String> out = all.subList(all.indexOf("The log's error line, each with its modules and what is imported:") + 1,
                all.size());
        assertEquals("LLVM ERROR: Function Import: link error: linking module flags 'Code Model': IDs have conflicting"
                + " values in 'vmlinux.a(memory.o at 1384)' and 'vmlinux.a(head64.o at 724)'", out.get(0));
        assertEquals("    arch/x86/kernel/head64.o (small (i32 1)) imports from mm/memory.o (kernel (i32 2)):", out.get(1));
        assertTrue(out.contains("Not in the log (ld.lld 16.0.6 aborts at the first failing import): 21 more:"),
                run.out());
        assertTrue(out.stream().filter(l -> l.startsWith("LLVM ERROR: ")).count() == 22, run.out());
        assertTrue(out.stream().noneMatch(l -> l.contains("IDs have conflicting values: ")), "lld 16's words only");
    }

    @Test
    void lld19LinesAreMatchedInTheirOldForm() {
        String sample = "lld19-x86-pie";
        CliRunner.Run run = CliRunner.run("explain", Samples.dir(sample).resolve("expected/lld-link-default-limit.txt")
                .toString(), "--link-cmd", Samples.dir(sample).resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("Not in the log (lld stops after 20 errors): 2 more:"), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("(no such failing import")), run.out());
    }
}
