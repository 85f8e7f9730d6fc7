package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rough edges a kernel developer met on the failing-build path (issue 15), each run as a user
 * runs it: the one line it now prints and its exit code.
 */
class RoughEdgesTest {
    private static final String CMD = Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString();

    @Test
    void explainOfAMissingLogOrAFolderIsOneLine(@TempDir Path dir) {
        CliRunner.Run missing = CliRunner.run("explain", dir.resolve("nosuch.log").toString(), "--link-cmd", CMD);
        assertEquals(2, missing.exitCode());
        assertEquals("ltocheck: " + dir.resolve("nosuch.log") + ": no such file", missing.err().strip());

        CliRunner.Run folder = CliRunner.run("explain", dir.toString(), "--link-cmd", CMD);
        assertEquals(2, folder.exitCode());
        assertEquals("ltocheck: " + dir + ": is a folder, not a build log", folder.err().strip());
    }

    @Test
    void explainOutsideATreeSaysTheLinkIsMissing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("build.log");
        Files.writeString(log, String.join("\n", Samples.lldErrors("x86-pie")) + "\n");
        CliRunner.Run run = CliProcess.in(dir, "explain", "build.log");
        assertEquals(2, run.exitCode());
        assertEquals("ltocheck: the log names the modules, not the link they come from: run in the kernel object"
                + " tree, or give the link (--link-cmd .vmlinux.o.cmd, or --archive vmlinux.a --lib lib/lib.a)",
                run.err().strip());
    }

    @Test
    void explainWithNoLogOnATerminalSaysWhatItNeedsInsteadOfWaiting(@TempDir Path dir) throws Exception {
        // script(1) gives the child a terminal, as an interactive shell does.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + Main.class.getName()
                + " explain --link-cmd " + CMD;
        Path typescript = dir.resolve("typescript");
        Process p = new ProcessBuilder("script", "-qec", command, typescript.toString()).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true).start();
        // stdin stays open: a program that waits for it would not end.
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "explain waited for input on a terminal");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertEquals("ltocheck: explain reads a build log: give its file (ltocheck explain build.log) or pipe it in"
                + " (make LLVM=1 2>&1 | ltocheck explain -)", out.strip());
    }

    @Test
    void aLinkCmdWithoutALinkerLineIsOneLine(@TempDir Path dir) throws IOException {
        CliRunner.Run makefile = CliRunner.run("check", "--no-cache", "--link-cmd",
                Samples.dir("x86-pie").resolve("Makefile").toString());
        assertEquals(2, makefile.exitCode());
        assertEquals("ltocheck: --link-cmd " + Samples.dir("x86-pie").resolve("Makefile") + ": no ld.lld command in it"
                + " (give .vmlinux.o.cmd, a build log made with V=1, or a file holding the ld.lld command line)",
                makefile.err().strip());

        Path log = dir.resolve("make.log");
        Files.writeString(log, "  CC      init/main.o\n  AR      vmlinux.a\n  LD      vmlinux.o\nmake: *** [Makefile:1] Error 1\n");
        CliRunner.Run quiet = CliRunner.run("check", "--no-cache", "--link-cmd", log.toString());
        assertEquals(2, quiet.exitCode());
        assertEquals(1, quiet.err().lines().count(), quiet.err());
        assertEquals("", quiet.out());
    }

    @Test
    void aVerboseBuildLogAndThePastedCommandBothGiveTheLink(@TempDir Path dir) throws IOException {
        Path tree = Samples.dir("x86-pie");
        List<String> lld = Samples.lldErrors("x86-pie");
        String link = "ld.lld -m elf_x86_64 -mllvm -import-instr-limit=5 -r -o vmlinux.o --whole-archive "
                + tree.resolve("vmlinux.a") + " --no-whole-archive --start-group " + tree.resolve("lib/lib.a")
                + " --end-group";
        Path log = dir.resolve("make.log");
        Files.writeString(log, "  CC      init/main.o\n" + link + "\nmake: *** [Makefile:1] Error 1\n");
        CliRunner.Run fromLog = CliRunner.run("check", "--no-cache", "--lld-lines", "--link-cmd", log.toString());
        // lld names the archive as the command does: here by its full path.
        String prefix = tree + "/";
        assertEquals(lld, fromLog.out().replace(prefix, "").lines().toList(), fromLog.err());

        List<String> args = new ArrayList<>(List.of("check", "--no-cache", "--lld-lines", "--"));
        args.addAll(List.of(link.split(" ")));
        CliRunner.Run pasted = CliRunner.run(args.toArray(String[]::new));
        assertEquals(1, pasted.exitCode(), pasted.err());
        assertEquals(lld, pasted.out().replace(prefix, "").lines().toList(), pasted.err());
        // stdout is lld's lines only; the report's first line (and how the lld version was found) on stderr.
        assertTrue(pasted.err().strip().endsWith("ltocheck: The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling"
                + " the ld.lld arguments after --"), pasted.err());
    }

    @Test
    void toolchainNamesOnlyItsOwnToolsAndSaysWhatEnvDoes() {
        CliRunner.Run gcc = CliRunner.run("toolchain", "--tool", "gcc");
        assertEquals(2, gcc.exitCode());
        assertEquals("ltocheck: --tool gcc: no such tool in the bundled LLVM 20.1.7 (ltocheck toolchain lists its"
                + " folders)", gcc.err().strip());
        assertEquals("", gcc.out());

        CliRunner.Run lld = CliRunner.run("toolchain", "--tool", "ld.lld");
        assertEquals(0, lld.exitCode());
        assertTrue(Files.isExecutable(Path.of(lld.out().strip())), lld.out());

        CliRunner.Run env = CliRunner.run("toolchain", "--env");
        assertEquals(0, env.exitCode());
        assertTrue(env.out().lines().allMatch(l -> l.startsWith("export ")), env.out());
        assertEquals("ltocheck: these lines put the bundled clang/ld.lld 20.1.7 first on PATH: after eval, make"
                + " LLVM=1 in this shell builds with them", env.err().strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "check -j 0|-j 0: the number of threads must be 1 or more|check",
            "check -j -3|-j -3: the number of threads must be 1 or more|check",
            "check --error-limit -1|--error-limit -1: must be 0 (every line) or more|check",
            "check --lto-O 9|--lto-O 9: lld's LTO levels are 0 to 3|check",
            "imports --lto-O 9|--lto-O 9: lld's LTO levels are 0 to 3|imports",
            "check --lld-version banana|--lld-version: 'banana' is not X, X.Y or X.Y.Z|check",
            "sections --confine=|--confine needs a section name, e.g. --confine .pi.text|sections"})
    void impossibleValuesAreRejectedWithTheErrorAndOneLineOfHelp(String args, String error, String command) {
        List<String> argv = new ArrayList<>(List.of(args.split(" ")));
        argv.addAll(List.of("--no-cache", "--link-cmd", CMD));
        CliRunner.Run run = CliRunner.run(argv.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("ltocheck: " + error, "Try 'ltocheck " + command + " --help' for more information."),
                run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void aWrongOptionGetsTheErrorAndOneLineOfHelpNotTheWholeUsage() {
        CliRunner.Run run = CliRunner.run("check", "--lld-line");
        assertEquals(2, run.exitCode());
        List<String> lines = run.err().lines().toList();
        assertEquals("ltocheck: Unknown option: '--lld-line'", lines.get(0));
        assertEquals("Try 'ltocheck check --help' for more information.", lines.get(lines.size() - 1));
        assertTrue(lines.size() <= 4, run.err());
    }

    @Test
    void helpIsACommandAndEveryCommandListsItsOwnExitCodes() {
        CliRunner.Run help = CliRunner.run("help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: ltocheck [-hV] [--verbose] [COMMAND]"), help.out());
        assertTrue(help.out().contains("  fix "), help.out());

        CliRunner.Run helpFix = CliRunner.run("help", "fix");
        assertEquals(0, helpFix.exitCode());
        assertEquals(CliRunner.run("fix", "--help").out(), helpFix.out());
        assertTrue(helpFix.out().contains("  1    Not enough: the patch as written leaves the link failing"), helpFix.out());

        String flags = CliRunner.run("flags", "--help").out();
        assertFalse(flags.contains("  1    "), flags);
        assertFalse(flags.contains("check: the link would fail"), flags);
        String toolchain = CliRunner.run("toolchain", "--help").out();
        assertFalse(toolchain.contains("  3    "), toolchain);
    }

    @Test
    void everyCommandPrintsTheVersionOfTheBuild() throws IOException {
        Matcher m = Pattern.compile("<artifactId>ltocheck</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        String expected = "ltocheck " + m.group(1) + ", reading bitcode with LLVM 20.1.7";
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"-V"}, new String[]{"check", "-V"},
                new String[]{"fix", "--version"})) {
            CliRunner.Run run = CliRunner.run(args);
            assertEquals(0, run.exitCode());
            assertEquals(expected, run.out().strip(), String.join(" ", args));
        }
    }

    @Test
    void bashCompletionIsGeneratedForEveryCommand(@TempDir Path dir) throws Exception {
        CliRunner.Run run = CliRunner.run("completion", "bash");
        assertEquals(0, run.exitCode(), run.err());
        for (String command : List.of("check", "explain", "fix", "flags", "imports", "sections", "toolchain")) {
            assertTrue(run.out().contains(command), command);
        }
        assertTrue(run.out().contains("--lld-lines") && run.out().contains("--srctree"), "options of the commands");
        assertTrue(run.out().contains("complete -F"), run.out());
        Path script = dir.resolve("ltocheck.bash");
        Files.writeString(script, run.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void warningsAreSentencesNotJavaExceptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "");
        // A cache folder that cannot be made: below a regular file.
        CliRunner.Run run = CliRunner.run("check", "--cache-dir", file.resolve("cache").toString(), "--link-cmd", CMD);
        assertEquals(1, run.exitCode(), run.err());
        assertFalse(run.err().isEmpty());
        assertTrue(run.err().lines().noneMatch(l -> l.matches(".*(java\\.|Exception|Error:).*")), run.err());
    }

    @Test
    void countsReadAsEnglish() {
        CliRunner.Run check = CliRunner.run("check", "--no-cache", "--detail", "--link-cmd", CMD);
        assertTrue(check.out().contains("(one ld.lld error each, naming 22 of the 23 pairs)"), check.out());
        assertTrue(check.out().contains("arch/x86/mm/pti.o  small (i32 1), 1 failing import pair\n"), check.out());
        assertFalse(check.out().contains(" 1 insts"), check.out());
        assertTrue(check.out().contains("(function, 1 inst)"), check.out());

        Path main = Samples.dir("x86-pie").resolve("init/main.o");
        CliRunner.Run one = CliRunner.run("check", "--no-cache", main.toString());
        assertTrue(one.out().contains("Read the 1 object."), one.out());
    }
}
