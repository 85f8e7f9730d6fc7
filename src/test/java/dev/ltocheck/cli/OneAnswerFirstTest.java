package dev.ltocheck.cli;

import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check's first screen leads with one answer when a ProfileSummary conflict comes with another
 * conflicting flag: a.o imports helper from b.o (built from another profile) and other from c.o
 * (another code model), built by the bundled clang and linked by its ld.lld. Rebuilding b.o is not
 * the whole fix, so the screen leads with what fix writes (a.o out of LTO) and says the rebuild
 * after it, labelled an alternative for the ProfileSummary pairs, its rm line naming b.o's odd name
 * as one word.
 */
class OneAnswerFirstTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
            target triple = "x86_64-unknown-linux-gnu"
            """;

    /** A sample profile's summary as clang writes it; {@code total} tells the two profiles apart. */
    private static String flags(long total, int codeModel) {
        return """
                !llvm.module.flags = !{!0, !20}
                !0 = !{i32 1, !"ProfileSummary", !1}
                !20 = !{i32 1, !"Code Model", i32 %d}
                !1 = !{!2, !3, !4, !5, !6, !7, !8, !9, !10, !11}
                !2 = !{!"ProfileFormat", !"SampleProfile"}
                !3 = !{!"TotalCount", i64 %d}
                !4 = !{!"MaxCount", i64 10}
                !5 = !{!"MaxInternalCount", i64 1}
                !6 = !{!"MaxFunctionCount", i64 1000}
                !7 = !{!"NumCounts", i64 200}
                !8 = !{!"NumFunctions", i64 3}
                !9 = !{!"IsPartialProfile", i64 0}
                !10 = !{!"PartialProfileRatio", double 0.5}
                !11 = !{!"DetailedSummary", !12}
                !12 = !{!13, !14}
                !13 = !{i32 10000, i64 1000, i32 1}
                !14 = !{i32 999999, i64 1, i32 200}
                """.formatted(codeModel, total);
    }

    private Path build(String name, String body, long total, int codeModel) throws IOException {
        String stem = name.substring(0, 1);
        Files.writeString(dir.resolve(stem + ".ll"), HEAD + body + flags(total, codeModel));
        Tools.check(dir, "clang", "-flto=thin", "-O2", "-c", "-Wno-override-module", stem + ".ll", "-o", name);
        return dir.resolve(name);
    }

    @Test
    void aProfileConflictBesideAnotherFlagLeadsWithThePlanAndLabelsTheRebuild() throws Exception {
        Path a = build("a.o", """
                declare i32 @helper(i32)
                declare i32 @other(i32)
                define i32 @entry(i32 %x) {
                  %r = call i32 @helper(i32 %x)
                  %s = call i32 @other(i32 %r)
                  ret i32 %s
                }
                """, 10000, 2);
        String odd = "b $HOME's;x.o";
        Path b = build(odd, "define i32 @helper(i32 %x) {\n  %r = add i32 %x, 1\n  ret i32 %r\n}\n", 20000, 2);
        Path c = build("c.o", "define i32 @other(i32 %x) {\n  %r = add i32 %x, 2\n  ret i32 %r\n}\n", 10000, 1);
        Tools.Result lld = Tools.run(dir, "ld.lld", "-r", "-o", "out.o", "a.o", odd, "c.o");
        assertEquals(1, lld.exitCode(), lld.stderr());
        assertTrue(lld.stderr().contains("'ProfileSummary'"), lld.stderr());

        CliRunner.Run run = CliRunner.run("check", a.toString(), b.toString(), c.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> screen = run.out().lines().toList();
        int take = screen.indexOf("Take this object out of LTO: every failing pair has it.");
        String rebuild = screen.stream().filter(l -> l.contains("rebuild it from the profile the rest use")).findFirst()
                .orElseThrow(() -> new AssertionError(run.out()));
        int alternative = screen.indexOf(rebuild);
        assertTrue(take > 0 && alternative > take, run.out());
        assertEquals("Alternative for the 'ProfileSummary' pairs only: rebuild it from the profile the rest use (make"
                + " does not rebuild an object when only its profile changes): rm '" + dir + "/b $HOME'\\''s;x.o' && make",
                rebuild);
        // One instruction before the alternatives: the plan's, never a "Fix:" or a bare "Rebuild".
        assertTrue(screen.subList(0, alternative).stream().noneMatch(l -> l.startsWith("Fix: ") || l.startsWith("Rebuild ")),
                run.out());
        assertEquals(a + "  kernel (i32 2), 2 failing import pairs", screen.get(take + 1), run.out());
        // fix answers the same way: a.o out of LTO, no rebuild.
        CliRunner.Run fix = CliRunner.run("fix", a.toString(), b.toString(), c.toString());
        assertTrue(fix.out().startsWith("# ltocheck fix: take 1 object out of LTO"), fix.out());
        // The rm line hands rm exactly b's path (sh, rm and make stubbed).
        String command = rebuild.substring(rebuild.indexOf("rm '"));
        Process sh = new ProcessBuilder("/bin/sh", "-c", "rm() { printf '%s\\n' \"$#\" \"$1\"; }; make() { :; }; " + command)
                .redirectErrorStream(true).start();
        String said = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals("1\n" + b + "\n", said);
    }
}
