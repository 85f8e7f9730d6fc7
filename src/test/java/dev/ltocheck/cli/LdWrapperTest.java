package dev.ltocheck.cli;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The linker wrapper as kbuild runs it: {@code make LD="<clone>/scripts/ltocheck ld"} in a copy of a
 * sample tree, the clone being scripts/ltocheck and scripts/ltocheck-ld beside a jar of the classes
 * under test; {@code java} on PATH is a stand-in that records each JVM start and its process id,
 * then runs the real one. The stand-in linkers record their arguments exactly (NUL-separated, one
 * file a run) and which JVM was still running while they ran.
 */
class LdWrapperTest {
    @TempDir
    Path dir;

    private Path clone;
    private Path jvmStarts;
    private Path jvmPids;
    private Path runs;
    private Path fakeBin;
    private Path tree;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void cloneWithJar() throws IOException {
        clone = dir.resolve("clone");
        Files.createDirectories(clone.resolve("scripts"));
        Files.createDirectories(clone.resolve("src/main"));
        Files.writeString(clone.resolve("pom.xml"), "<project/>");
        for (String script : List.of("ltocheck", "ltocheck-ld")) {
            Files.copy(Path.of("scripts", script), clone.resolve("scripts").resolve(script));
        }
        Files.createDirectories(clone.resolve("target/lib"));
        writeJar(clone.resolve("target/ltocheck.jar"));
        fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        jvmStarts = dir.resolve("jvm-starts.txt");
        jvmPids = dir.resolve("jvm-pids.txt");
        // exec keeps the process id: the JVM is the process whose id is recorded.
        executable(fakeBin.resolve("java"), "#!/bin/sh\necho \"$*\" >> " + jvmStarts + "\necho $$ >> " + jvmPids
                + "\nexec " + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
        runs = Files.createDirectories(dir.resolve("linker-runs"));
        tree = dir.resolve("tree");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar whose manifest runs ltocheck's Main from the test's own class path (as LauncherTest). */
    private static void writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(":"))
                .map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    private String wrapper() {
        return clone.resolve("scripts/ltocheck") + " ld";
    }

    private Result run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> environment = builder.environment();
        environment.putAll(Tools.toolchain().environment(environment));
        environment.put("PATH", fakeBin + ":" + environment.get("PATH"));
        environment.put("LTOCHECK_NO_CDS", "1");
        environment.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        environment.remove("LTOCHECK_LD");
        environment.remove("LLVM");
        environment.putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * A stand-in linker: each run writes its arguments, each followed by a NUL, into the next file
     * of {@link #runs}, and into "N.jvm" the recorded JVMs that were still running; then prints
     * {@code stderrLine} (if any) on standard error and exits with {@code exit}.
     */
    private Path recordingLinker(String name, String stderrLine, int exit) throws IOException {
        Path linker = dir.resolve(name);
        executable(linker, "#!/bin/sh\n"
                + "n=0; while [ -e '" + runs + "'/$n ]; do n=$((n+1)); done\n"
                + "printf '%s\\0' \"$@\" > '" + runs + "'/$n\n"
                + "alive=''\n"
                + "if [ -f '" + jvmPids + "' ]; then\n"
                + "  while read -r p; do kill -0 \"$p\" 2>/dev/null && alive=\"$alive $p\"; done < '" + jvmPids + "'\n"
                + "fi\n"
                + "echo \"running:$alive\" > '" + runs + "'/$n.jvm\n"
                + (stderrLine == null ? "" : "printf '%s\\n' '" + stderrLine.replace("'", "'\\''") + "' >&2\n")
                + "exit " + exit + "\n");
        return linker;
    }

    /** The sample copied as the tree; the environment that makes a recording stand-in (exit 0) the real linker. */
    private Map<String, String> treeWithRecordingLinker(String sample) throws IOException {
        FileUtils.copyDirectory(Samples.dir(sample).toFile(), tree.toFile(), false);
        return Map.of("LTOCHECK_LD", recordingLinker("fake-ld", null, 0).toString());
    }

    /** Each recorded linker run's arguments, exactly. */
    private List<List<String>> linkerRuns() throws IOException {
        List<List<String>> all = new ArrayList<>();
        for (int n = 0; Files.exists(runs.resolve(String.valueOf(n))); n++) {
            String text = Files.readString(runs.resolve(String.valueOf(n)), StandardCharsets.UTF_8);
            List<String> arguments = new ArrayList<>();
            for (int start = 0, end; (end = text.indexOf('\0', start)) >= 0; start = end + 1) {
                arguments.add(text.substring(start, end));
            }
            all.add(arguments);
        }
        return all;
    }

    /** For each linker run, the recorded JVMs still running while it ran ("running:" and their ids). */
    private List<String> jvmsDuringLinks() throws IOException {
        List<String> all = new ArrayList<>();
        for (int n = 0; Files.exists(runs.resolve(n + ".jvm")); n++) {
            all.add(Files.readString(runs.resolve(n + ".jvm")).strip());
        }
        return all;
    }

    private int jvmStarts() throws IOException {
        return Files.exists(jvmStarts) ? Files.readAllLines(jvmStarts).size() : 0;
    }

    @Test
    void kbuildsLinkerProbeSeesTheRealLdLldWithoutAJvm() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Result without = run(tree, Map.of(), "make", "-s", "ld-version");
        Result with = run(tree, Map.of(), "make", "-s", "ld-version", "LD=" + wrapper());
        assertEquals(0, with.code(), with.err());
        assertEquals("CONFIG_LD_IS_LLD=y\nCONFIG_LLD_VERSION=200107\n", without.out());
        assertEquals(without.out(), with.out());
        // The probe can fail: ltocheck's own --version is not a linker's.
        Result launcher = run(tree, Map.of(), "make", "-s", "ld-version", "LD=" + clone.resolve("scripts/ltocheck"));
        assertEquals("CONFIG_LLD_VERSION=0\n", launcher.out());
        int startsBefore = jvmStarts();
        // ld-option's probe: lld answers -v with its version whatever else the line holds.
        Result option = run(tree, Map.of(), clone.resolve("scripts/ltocheck").toString(), "ld", "-v", "--no-warn-rwx-segments");
        assertEquals(Tools.run(tree, "ld.lld", "-v", "--no-warn-rwx-segments").stdout(), option.out());
        assertEquals(startsBefore, jvmStarts(), "the probes started no JVM");
    }

    @Test
    void theRealLinkerIsFoundAsKbuildNamesIt() throws Exception {
        Files.createDirectories(tree);
        Path versions = Files.createDirectories(dir.resolve("llvm-16/bin"));
        executable(versions.resolve("ld.lld"), "#!/bin/sh\necho \"LLD 16.0.6 (at /path/) $*\"\n");
        executable(fakeBin.resolve("ld.lld-16"), "#!/bin/sh\necho \"LLD 16.0.6 (ld.lld-16) $*\"\n");
        Path chosen = dir.resolve("my-ld");
        executable(chosen, "#!/bin/sh\necho \"chosen $*\"\n");
        String ld = clone.resolve("scripts/ltocheck-ld").toString();
        assertEquals("LLD 16.0.6 (ld.lld-16) --version\n", run(tree, Map.of("LLVM", "-16"), ld, "--version").out());
        assertEquals("LLD 16.0.6 (at /path/) --version\n",
                run(tree, Map.of("LLVM", versions + "/"), ld, "--version").out());
        assertEquals("chosen --version\n", run(tree, Map.of("LTOCHECK_LD", chosen.toString(), "LLVM", "-16"), ld,
                "--version").out());
        // An ld.lld on PATH that is the wrapper itself is skipped.
        Path loop = Files.createDirectories(dir.resolve("loop"));
        Files.createSymbolicLink(loop.resolve("ld.lld"), clone.resolve("scripts/ltocheck-ld"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", loop + ":" + fakeBin + ":" + Tools.toolchain().environment(new HashMap<>(System.getenv())).get("PATH"));
        Result real = run(tree, env, ld, "--version");
        assertTrue(real.out().startsWith("LLD 20.1.7"), real.out() + real.err());
        Result none = run(tree, Map.of("LTOCHECK_LD", dir.resolve("missing").toString()), ld, "--version");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("ltocheck ld: the real linker '"), none.err());
        assertEquals(0, jvmStarts());
    }

    @Test
    void otherLinksAndNativeVmlinuxLinksRunTheRealLinkerWithoutAJvm() throws Exception {
        Map<String, String> env = treeWithRecordingLinker("x86-pie");
        String ld = clone.resolve("scripts/ltocheck-ld").toString();
        // Not vmlinux.o: the bitcode is not looked at.
        assertEquals(0, run(tree, env, ld, "-r", "-o", "built-in.o", "vmlinux.a").code());
        // vmlinux.o of native objects only (head_64.o is assembly).
        assertEquals(0, run(tree, env, ld, "-r", "-o", "vmlinux.o", "arch/x86/kernel/head_64.o").code());
        assertEquals(0, run(tree, env, ld, "-r", "--output=other/vmlinux.o", "arch/x86/kernel/head_64.o").code());
        // 'ltocheck ld -- ARGS': the -- is ltocheck's; an argument with a space and a response file pass as given.
        Files.writeString(tree.resolve("inputs.rsp"), "arch/x86/kernel/head_64.o\n");
        Result spaced = run(tree, env, clone.resolve("scripts/ltocheck").toString(), "ld", "--", "-r", "-o",
                "built in.o", "-Map", "link map.txt", "@inputs.rsp");
        assertEquals(0, spaced.code(), spaced.err());
        assertEquals(List.of(List.of("-r", "-o", "built-in.o", "vmlinux.a"),
                List.of("-r", "-o", "vmlinux.o", "arch/x86/kernel/head_64.o"),
                List.of("-r", "--output=other/vmlinux.o", "arch/x86/kernel/head_64.o"),
                List.of("-r", "-o", "built in.o", "-Map", "link map.txt", "@inputs.rsp")), linkerRuns());
        assertEquals(0, jvmStarts());
        // Bitcode in a regular archive named as a vmlinux.o link: checked (the sample's lib.a passes alone),
        // by a JVM that has ended when the link runs.
        Result lib = run(tree, env, ld, "-r", "-o", "vmlinux.o", "lib/lib.a");
        assertEquals(0, lib.code(), lib.err());
        assertEquals(1, jvmStarts());
        assertEquals(List.of("-r", "-o", "vmlinux.o", "lib/lib.a"), linkerRuns().get(4));
        assertEquals("running:", jvmsDuringLinks().get(4));
    }

    /**
     * A thin archive whose first 64 names are members that do not exist: the shim's scan looks at 64
     * names, missing ones included, and stops (the link runs with no JVM); a bitcode member as the
     * 64th name is still found.
     */
    @Test
    void theThinArchiveScanStopsAfter64NamesMissingOnesIncluded() throws Exception {
        Map<String, String> env = treeWithRecordingLinker("clean");
        String ld = clone.resolve("scripts/ltocheck-ld").toString();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            missing.add("gone/m" + i + ".o");
        }
        List<String> past = new ArrayList<>(missing);
        past.add("init/main.o");
        HostileTreeWritesTest.writeThin(tree.resolve("past.a"), past);
        Result unchecked = run(tree, env, ld, "-r", "-o", "vmlinux.o", "past.a");
        assertEquals(0, unchecked.code(), unchecked.err());
        assertEquals(0, jvmStarts(), "the 65th name is not looked at");
        assertEquals(List.of(List.of("-r", "-o", "vmlinux.o", "past.a")), linkerRuns());
        List<String> within = new ArrayList<>(missing.subList(0, 63));
        within.add("init/main.o");
        HostileTreeWritesTest.writeThin(tree.resolve("within.a"), within);
        run(tree, env, ld, "-r", "-o", "vmlinux.o", "within.a");
        assertEquals(1, jvmStarts(), "the 64th name is bitcode: checked");
    }

    /** The checked link, predicted to pass, with a spaced argument and a response file: linked as given, no JVM running. */
    @Test
    void theCheckedLinkRunsAfterTheCheckingJvmHasEnded() throws Exception {
        FileUtils.copyDirectory(Samples.dir("clean").toFile(), tree.toFile(), false);
        Path fake = recordingLinker("fake-ld", null, 0);
        Files.writeString(tree.resolve("inputs.rsp"), "vmlinux.a\n");
        List<String> arguments = List.of("-m", "elf_x86_64", "-mllvm", "-import-instr-limit=5", "-r", "-o", "vmlinux.o",
                "-Map", "link map.txt", "--whole-archive", "@inputs.rsp", "--no-whole-archive", "--start-group",
                "lib/lib.a", "--end-group");
        List<String> command = new ArrayList<>(List.of(clone.resolve("scripts/ltocheck").toString(), "ld", "--"));
        command.addAll(arguments);
        Result linked = run(tree, Map.of("LTOCHECK_LD", fake.toString()), command.toArray(String[]::new));
        assertEquals(0, linked.code(), linked.err());
        assertEquals("", linked.err());
        assertEquals(1, jvmStarts(), "the check ran");
        assertEquals(List.of(arguments), linkerRuns());
        assertEquals(List.of("running:"), jvmsDuringLinks(), "no JVM runs while the linker does");
        // The linker's exit status is the wrapper's, and a failure that is not on module flags is not a miss.
        Path failing = recordingLinker("failing-ld", "ld.lld: error: undefined symbol: start_kernel", 3);
        Result failed = run(tree, Map.of("LTOCHECK_LD", failing.toString()), command.toArray(String[]::new));
        assertEquals(3, failed.code(), failed.err());
        assertEquals("ld.lld: error: undefined symbol: start_kernel\n", failed.err());
        assertEquals(List.of("running:", "running:"), jvmsDuringLinks());
        assertEquals(2, jvmStarts(), "the check's only: no JVM looks at a failure that names no module flags");
        // A JVM that comes to no decision (here: one that cannot start) holds no link up: a warning, and it links.
        Path brokenBin = Files.createDirectories(dir.resolve("broken-bin"));
        executable(brokenBin.resolve("java"), "#!/bin/sh\nexit 1\n");
        Map<String, String> env = new HashMap<>();
        env.put("LTOCHECK_LD", fake.toString());
        env.put("PATH", brokenBin + ":" + Tools.toolchain().environment(new HashMap<>(System.getenv())).get("PATH"));
        Result unchecked = run(tree, env, command.toArray(String[]::new));
        assertEquals(0, unchecked.code(), unchecked.err());
        assertEquals("ltocheck ld: warning: the check came to no decision: linking without it\n", unchecked.err());
        assertEquals(arguments, linkerRuns().get(2));
    }

    /** LTOCHECK_LD_OUTPUTS naming vmlinux.o twice: the link is still checked and decided, not linked unchecked. */
    @Test
    void aRepeatedOutputNameStillGetsADecision() throws Exception {
        Map<String, String> env = new HashMap<>(treeWithRecordingLinker("clean"));
        env.put("LTOCHECK_LD_OUTPUTS", "vmlinux.o vmlinux.o");
        List<String> arguments = List.of("-m", "elf_x86_64", "-r", "-o", "vmlinux.o", "--whole-archive", "vmlinux.a",
                "--no-whole-archive", "--start-group", "lib/lib.a", "--end-group");
        List<String> command = new ArrayList<>(List.of(clone.resolve("scripts/ltocheck-ld").toString()));
        command.addAll(arguments);
        Result linked = run(tree, env, command.toArray(String[]::new));
        assertEquals(0, linked.code(), linked.err());
        assertEquals("", linked.err(), "a decision (pass), no warning");
        assertEquals(1, jvmStarts(), "the check ran");
        assertEquals(List.of(arguments), linkerRuns());
    }

    @Test
    void aFailingLinkIsStoppedBeforeItRunsAndLinksOnceFixed() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Result stopped = run(tree, Map.of(), "make", "vmlinux_o", "LD=" + wrapper());
        assertNotEquals(0, stopped.code());
        assertFalse(Files.exists(tree.resolve("vmlinux.o")), "nothing linked");
        List<String> errLines = stopped.err().lines().toList();
        assertTrue(errLines.get(0).startsWith("The link fails: 22 errors (ld.lld 20.1.7 prints 20)"), stopped.err());
        assertTrue(stopped.err().contains("\narch/x86/kernel/head64.o  small (i32 1), 18 failing import pairs\n"));
        // The lines lld prints for this link (captured from it: expected/lld-link-default-limit.txt).
        List<String> lldLines = errLines.stream().filter(l -> l.startsWith("ld.lld: ")).toList();
        List<String> golden = Samples.golden("x86-pie", "lld-link-default-limit.txt").stream()
                .filter(l -> l.startsWith("ld.lld: ")).toList();
        assertEquals(golden, lldLines);
        assertTrue(stopped.err().contains("ltocheck ld: vmlinux.o not linked: ld.lld would fail after its ThinLTO"
                + " backends."), stopped.err());
        assertEquals(1, jvmStarts(), "one JVM, for the vmlinux.o link");

        // LTOCHECK_LINK_ANYWAY=1: the real link runs, and fails as lld does.
        Result anyway = run(tree, Map.of("LTOCHECK_LINK_ANYWAY", "1"), "make", "vmlinux_o", "LD=" + wrapper());
        assertNotEquals(0, anyway.code());
        assertTrue(anyway.err().contains("ltocheck ld: LTOCHECK_LINK_ANYWAY is set: linking vmlinux.o anyway\n"));
        List<String> real = anyway.err().lines().filter(l -> l.startsWith("ld.lld: error: ")).toList();
        assertEquals(lldLines.size() * 2, real.size(), "the prediction's lines, then lld's own: " + anyway.err());
        // The second half is what ld.lld printed: 20 of its uncapped lines as captured from it (which 20
        // depends on its threads), then its "too many errors" line.
        java.util.Set<String> uncapped = new java.util.HashSet<>(Samples.golden("x86-pie", "lld-link.txt"));
        List<String> printed = real.subList(lldLines.size(), real.size());
        assertEquals(golden.get(golden.size() - 1), printed.get(printed.size() - 1), anyway.err());
        assertTrue(uncapped.containsAll(printed.subList(0, printed.size() - 1)), anyway.err());

        CliRunner.Run fix = CliRunner.run("fix", "--apply", "--srctree", tree.toString(), "--link-cmd",
                tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, fix.exitCode(), fix.err());
        Result linked = run(tree, Map.of(), "make", "vmlinux_o", "LD=" + wrapper());
        assertEquals(0, linked.code(), linked.err());
        assertFalse(linked.err().contains("ltocheck"), linked.err());
        byte[] elf = Files.readAllBytes(tree.resolve("vmlinux.o"));
        assertEquals("\u007fELF", new String(elf, 0, 4, StandardCharsets.ISO_8859_1));
        // kbuild saves the link with the wrapper as its program: ltocheck still reads that link.
        String saved = Files.readString(tree.resolve(".vmlinux.o.cmd"));
        assertTrue(saved.startsWith("savedcmd_vmlinux.o := " + wrapper() + " -m elf_x86_64 "), saved);
        CliRunner.Run after = CliRunner.run("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, after.exitCode(), after.out() + after.err());
        assertTrue(after.out().contains("\nRead all 30 objects.\n"), after.out());
    }

    /** A linker that fails on module flags where the check said the link passes: the miss is said, and explained. */
    @Test
    void aMissedPredictionIsSaidAndExplained() throws Exception {
        String line = Samples.golden("x86-pie", "lld-link-default-limit.txt").stream()
                .filter(l -> l.startsWith("ld.lld: error: ")).findFirst().orElseThrow();
        Path disagreeing = recordingLinker("disagreeing-ld", line, 1);
        // The clean tree links: ltocheck predicts a pass.
        FileUtils.copyDirectory(Samples.dir("clean").toFile(), tree.toFile(), false);
        Result missed = run(tree, Map.of("LTOCHECK_LD", disagreeing.toString()), "make", "vmlinux_o", "LD=" + wrapper());
        assertNotEquals(0, missed.code());
        assertTrue(missed.err().contains(line + "\nltocheck ld: the prediction missed: ltocheck said this link passes,"
                + " and ld.lld failed on module flags"), missed.err());
        // The explanation of lld's line follows ('ltocheck explain' on what lld printed).
        assertTrue(missed.err().contains("What ltocheck makes of ld.lld's lines:\n"), missed.err());
        // The link ran once, with no JVM running; a second JVM explained it after the link had ended.
        assertEquals(List.of("running:"), jvmsDuringLinks());
        assertEquals(2, jvmStarts());
        List<String> saved = LinkLine.splitCommand(Files.readString(tree.resolve(".vmlinux.o.cmd"))
                .substring("savedcmd_vmlinux.o := ".length()));
        assertEquals(List.of(saved), linkerRuns());
    }

    /** 'ltocheck ld' run without the scripts: it links itself, or only decides (--decision-file), or explains (--missed). */
    @Test
    void runDirectlyItLinksItselfDecidesOrExplains() throws Exception {
        Path fake = recordingLinker("fake-ld", null, 5);
        String cache = dir.resolve("cache").toString();
        // Not the checked link: linked here, its arguments as given, its exit status passed on.
        CliRunner.Run direct = CliRunner.run("ld", "--real-ld", fake.toString(), "--", "-r", "-o", "built in.o", "@x.rsp");
        assertEquals(5, direct.exitCode(), direct.err());
        assertEquals(List.of(List.of("-r", "-o", "built in.o", "@x.rsp")), linkerRuns());
        // --decision-file: the decision is written, nothing is linked.
        Path decision = dir.resolve("decision");
        CliRunner.Run decided = CliRunner.run("ld", "--real-ld", fake.toString(), "--decision-file", decision.toString(),
                "--", "-r", "-o", "built-in.o", "a.o");
        assertEquals(0, decided.exitCode(), decided.err());
        assertEquals("link\n", Files.readString(decision));
        String sample = Samples.dir("x86-pie").toString();
        Path stop = dir.resolve("stop");
        CliRunner.Run stopped = CliRunner.run("ld", "--real-ld", fake.toString(), "--cache-dir", cache,
                "--decision-file", stop.toString(), "--", "-m", "elf_x86_64", "-mllvm", "-import-instr-limit=5", "-r",
                "-o", "vmlinux.o", "--whole-archive", sample + "/vmlinux.a", "--no-whole-archive", "--start-group",
                sample + "/lib/lib.a", "--end-group");
        assertEquals(1, stopped.exitCode(), stopped.err());
        assertEquals("stop\n", Files.readString(stop));
        assertTrue(stopped.err().lines().anyMatch(l -> l.startsWith("The link fails: 22 errors (ld.lld 20.1.7 prints 20)")),
                stopped.err());
        assertTrue(stopped.err().endsWith("ltocheck ld: vmlinux.o not linked: ld.lld would fail after its ThinLTO"
                + " backends. Apply the fix (ltocheck fix --apply) and run make again; LTOCHECK_LINK_ANYWAY=1 links"
                + " anyway.\n"), stopped.err());
        assertEquals(1, linkerRuns().size(), "deciding links nothing");
        // A decision file that exists, or a symlink, is never written through.
        Path target = Files.writeString(dir.resolve("target.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("decision-link"), target);
        CliRunner.Run refused = CliRunner.run("ld", "--real-ld", fake.toString(), "--decision-file", link.toString(),
                "--", "-r", "-o", "built-in.o", "a.o");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().startsWith("ltocheck: ld: cannot write the decision into " + link + " (a new file): "),
                refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertEquals("x", Files.readString(target));
        // --missed: a log without a module-flag line says nothing; one with lld's line is a miss, explained.
        String[] clean = {"-m", "elf_x86_64", "-r", "-o", "vmlinux.o", "--whole-archive",
                Samples.dir("clean") + "/vmlinux.a", "--no-whole-archive"};
        Path log = Files.writeString(dir.resolve("lld.log"), "ld.lld: error: undefined symbol: start_kernel\n");
        List<String> missed = new ArrayList<>(List.of("ld", "--cache-dir", cache, "--missed", log.toString(), "--"));
        missed.addAll(List.of(clean));
        CliRunner.Run unread = CliRunner.run("ld", "--missed", dir.resolve("no-log").toString(), "--", "-r", "a.o");
        assertEquals(2, unread.exitCode(), unread.err());
        assertTrue(unread.err().startsWith("ltocheck: ld: cannot read the linker's log "), unread.err());
        CliRunner.Run quiet = CliRunner.run(missed.toArray(String[]::new));
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err());
        String line = Samples.golden("x86-pie", "lld-link-default-limit.txt").stream()
                .filter(l -> l.startsWith("ld.lld: error: ")).findFirst().orElseThrow();
        Files.writeString(log, "make: something\n" + line + "\n");
        CliRunner.Run explained = CliRunner.run(missed.toArray(String[]::new));
        assertEquals(0, explained.exitCode(), explained.err());
        assertTrue(explained.err().startsWith("ltocheck ld: the prediction missed: ltocheck said this link passes,"
                + " and ld.lld failed on module flags"), explained.err());
        // explain's answer for the line: the clean link has no such failing import.
        assertTrue(explained.err().endsWith("\n    (no such failing import in the analysed link: is it the same build?)\n"),
                explained.err());
        assertEquals(1, linkerRuns().size(), "explaining links nothing");
    }
}
