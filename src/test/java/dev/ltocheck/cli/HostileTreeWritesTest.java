package dev.ltocheck.cli;

import dev.ltocheck.apply.TreeWriter;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attacks of a hostile tree on --apply and on the link's discovery, each with its safe
 * outcome: nothing written outside the tree (a victim folder hashed before and after), no link
 * followed, an interrupted apply completed or rolled back, make never run without consent.
 */
class HostileTreeWritesTest {
    private static final List<String> X86_MAKEFILES = List.of("arch/x86/kernel/Makefile", "arch/x86/mm/Makefile",
            "arch/x86/lib/Makefile");

    @TempDir
    Path base;
    Path tree;
    Path victim;

    @BeforeEach
    void folders() throws IOException {
        tree = base.resolve("tree");
        victim = Files.createDirectories(base.resolve("victim"));
    }

    private void copy(String scenario) throws IOException {
        FileUtils.copyDirectory(Samples.dir(scenario).toFile(), tree.toFile(), false);
    }

    private CliRunner.Run run(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--srctree", tree.toString(),
                "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** Path -> SHA-256 of every file and link below {@code dir}, links not followed. */
    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                byte[] bytes = Files.isSymbolicLink(p) ? ("link " + Files.readSymbolicLink(p)).getBytes(StandardCharsets.UTF_8)
                        : Files.readAllBytes(p);
                hashes.put(dir.relativize(p).toString(), sha256(bytes));
            }
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> filesOfOurs() throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.map(p -> tree.relativize(p).toString()).filter(p -> p.contains(".ltocheck-")).toList();
        }
    }

    // --- thin-archive members whose path leaves the tree ---------------------------------------

    /** The member names of a thin archive (GNU format: a // name table, then one header per member). */
    static List<String> thinMembers(Path archive) throws IOException {
        String text = new String(Files.readAllBytes(archive), StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("!<thin>\n//"));
        int size = Integer.parseInt(text.substring(8 + 48, 8 + 58).strip());
        String table = text.substring(8 + 60, 8 + 60 + size);
        return List.of(table.strip().split("/\n"));
    }

    /**
     * Writes a thin archive of {@code names} (relative to its folder, or absolute), sizes from the
     * files (0 for a name with no file).
     */
    static void writeThin(Path archive, List<String> names) throws IOException {
        StringBuilder table = new StringBuilder();
        List<Integer> offsets = new ArrayList<>();
        for (String n : names) {
            offsets.add(table.length());
            table.append(n).append("/\n");
        }
        if (table.length() % 2 == 1) {
            table.append('\n');
        }
        StringBuilder out = new StringBuilder("!<thin>\n");
        out.append(String.format("%-48s%-10d`\n", "//", table.length())).append(table);
        for (int i = 0; i < names.size(); i++) {
            Path member = archive.getParent().resolve(names.get(i));
            long length = Files.exists(member) ? Files.size(member) : 0;
            out.append(String.format("%-16s%-12s%-6s%-6s%-8s%-10d`\n", "/" + offsets.get(i), "0", "0", "0", "644", length));
        }
        Files.write(archive, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Moves every member under {@code folder} to the victim's copy of that folder (with its
     * Makefile) and names it in vmlinux.a by a path that leaves the tree.
     */
    private void membersLeaveTheTree(String folder, boolean absolute) throws IOException {
        FileUtils.copyDirectory(tree.resolve(folder).toFile(), victim.resolve(folder).toFile());
        List<String> names = new ArrayList<>();
        for (String member : thinMembers(tree.resolve("vmlinux.a"))) {
            if (member.startsWith(folder + "/")) {
                Path outside = victim.resolve(member);
                names.add(absolute ? outside.toString() : tree.relativize(outside).toString());
                Files.delete(tree.resolve(member));
            } else {
                names.add(member);
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith(absolute ? "/" : "../victim/")), names.toString());
        writeThin(tree.resolve("vmlinux.a"), names);
    }

    @ParameterizedTest
    @CsvSource({"fix, x86-pie, false", "fix, x86-pie, true", "sections, x86-pitext, false", "sections, x86-pitext, true"})
    void membersWhosePathLeavesTheTreeAreReportedNeverPatched(String command, String scenario, boolean absolute)
            throws IOException {
        copy(scenario);
        membersLeaveTheTree("arch/x86/kernel", absolute);
        Map<String, String> before = hashes(victim);
        assertTrue(before.containsKey("arch/x86/kernel/Makefile"));

        CliRunner.Run run = run(command, "--apply");
        assertEquals(before, hashes(victim), run.err());
        List<String> outside = run.err().lines().filter(l -> l.endsWith(": the member's path leaves the tree; not patched")).toList();
        assertFalse(outside.isEmpty(), run.err());
        outside.forEach(l -> assertTrue(l.startsWith("ltocheck: " + (absolute ? victim.toString() : "../victim/") ), l));
        assertTrue(run.out().lines().filter(l -> l.startsWith("+++ ") || l.startsWith("--- "))
                .allMatch(l -> l.startsWith("+++ b/arch/") || l.startsWith("--- a/arch/")), run.out());
        assertEquals(List.of(), filesOfOurs());
    }

    // --- a folder of the tree linked outside it ----------------------------------------------------

    @ParameterizedTest
    @CsvSource({"fix, x86-pie", "sections, x86-pitext"})
    void aFolderLinkedOutsideTheTreeWritesNothingAndSaysWhichAndWhy(String command, String scenario) throws IOException {
        copy(scenario);
        Path elsewhere = base.resolve("elsewhere");
        Files.move(tree.resolve("arch/x86/kernel"), elsewhere);
        Files.createSymbolicLink(tree.resolve("arch/x86/kernel"), elsewhere);
        Map<String, String> outsideBefore = hashes(elsewhere);
        Map<String, String> treeBefore = hashes(tree);

        CliRunner.Run run = run(command, "--apply");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("ltocheck: not applied: arch/x86/kernel/Makefile lies outside the tree (arch/x86/kernel -> "
                + elsewhere.toRealPath() + "); nothing was written"), run.err().lines().toList());
        assertTrue(run.out().contains("+++ b/arch/x86/kernel/Makefile"), "the patch is printed:\n" + run.out());
        assertEquals(outsideBefore, hashes(elsewhere));
        assertEquals(treeBefore, hashes(tree));
    }

    // --- links planted where the old writer put its temporary file -----------------------------------

    @Test
    void linksPlantedAtTemporaryNamesAreNeverFollowed() throws IOException {
        copy("x86-pie");
        Path victimFile = Files.writeString(victim.resolve("authorized_keys"), "ssh-ed25519 AAAA victim\n");
        // The old writer's name: .Makefile.ltocheck-<pid>, a pid being easy to guess.
        for (String makefile : X86_MAKEFILES) {
            Files.createSymbolicLink(tree.resolve(makefile).resolveSibling(".Makefile.ltocheck-" + ProcessHandle.current().pid()),
                    victimFile);
        }
        Map<String, String> before = hashes(victim);

        CliRunner.Run run = run("fix", "--apply");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(before, hashes(victim));
        for (String makefile : X86_MAKEFILES) {
            assertTrue(Files.isRegularFile(tree.resolve(makefile), LinkOption.NOFOLLOW_LINKS), makefile);
            assertTrue(Files.readString(tree.resolve(makefile)).contains("+= $(CC_FLAGS_LTO)"), makefile);
        }
        assertEquals(List.of(), filesOfOurs(), "the planted links are swept as stale files of ours, not followed");
    }

    // --- an apply killed between renames --------------------------------------------------------------

    /**
     * A child that applies a three-file patch through the tree's writer and stops before the
     * third rename, announcing it in a marker file, until it is killed.
     */
    public static final class ApplyUntilKilled {
        public static void main(String[] args) throws Exception {
            Path tree = Path.of(args[0]);
            Path marker = Path.of(args[1]);
            List<MakefilePatch.Addition> additions = new ArrayList<>();
            for (String makefile : X86_MAKEFILES) {
                additions.add(new MakefilePatch.Addition(Path.of(makefile), 0, List.of("# added by the killed apply")));
            }
            MakefilePatch.ofAdditions(tree, additions).apply(new TreeWriter(tree, (index, target) -> {
                if (index == 2) {
                    Files.writeString(marker, target.toString());
                    try {
                        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("not killed in time");
                }
            }));
        }
    }

    /** Runs {@link ApplyUntilKilled} and kills it with SIGKILL once it stops between renames. */
    private void applyAndKillBetweenRenames() throws Exception {
        Path marker = base.resolve("stopped");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ApplyUntilKilled.class.getName(), tree.toString(), marker.toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("child.log").toFile()).start();
        try {
            for (int i = 0; i < 600 && !Files.exists(marker) && child.isAlive(); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(marker), Files.readString(base.resolve("child.log")));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed with SIGKILL");
        assertEquals(List.of(true, true, false), X86_MAKEFILES.stream().map(this::hasKilledLine).toList(),
                "the kill left the tree half edited");
        assertTrue(Files.exists(tree.resolve(".ltocheck-apply.journal")));
    }

    private boolean hasKilledLine(String makefile) {
        try {
            return Files.readString(tree.resolve(makefile)).contains("# added by the killed apply");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anApplyKilledBetweenRenamesIsCompletedByTheNextApply() throws Exception {
        copy("x86-pie");
        applyAndKillBetweenRenames();

        CliRunner.Run run = run("fix", "--apply");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().lines().findFirst().orElse("").matches("ltocheck: completed an interrupted --apply \\(pid \\d+\\):"
                + " replaced the 1 of 3 files still due \\(arch/x86/lib/Makefile\\)"), run.err());
        for (String makefile : X86_MAKEFILES) {
            assertTrue(hasKilledLine(makefile), makefile);
            assertTrue(Files.readString(tree.resolve(makefile)).contains("+= $(CC_FLAGS_LTO)"), makefile);
        }
        assertFalse(Files.exists(tree.resolve(".ltocheck-apply.journal")));
        assertEquals(List.of(), filesOfOurs());
    }

    @Test
    void anApplyKilledBetweenRenamesWhoseNewFileIsGoneIsRolledBackByTheNextApply() throws Exception {
        copy("x86-pie");
        applyAndKillBetweenRenames();
        try (Stream<Path> files = Files.list(tree.resolve("arch/x86/lib"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".Makefile.ltocheck-new-")).toList()) {
                Files.delete(p);
            }
        }

        CliRunner.Run run = run("fix", "--apply");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().lines().findFirst().orElse("").matches("ltocheck: rolled back an interrupted --apply \\(pid \\d+\\),"
                + " whose new files were not all intact: restored arch/x86/kernel/Makefile, arch/x86/mm/Makefile"), run.err());
        for (String makefile : X86_MAKEFILES) {
            assertFalse(hasKilledLine(makefile), makefile);
            assertTrue(Files.readString(tree.resolve(makefile)).contains("+= $(CC_FLAGS_LTO)"), makefile);
        }
        assertEquals(List.of(), filesOfOurs());
    }

    // --- make only with consent ---------------------------------------------------------------------------

    private record Output(int code, String out, String err) {
    }

    private Output ltocheckIn(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(Tools.toolchain().environment(builder.environment()));
        builder.environment().remove("LTOCHECK_NO_MAKE");
        builder.environment().putAll(env);
        Path out = base.resolve("ltocheck.out");
        Path err = base.resolve("ltocheck.err");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * x86-pie without .vmlinux.o.cmd, whose Makefile creates a marker from $(shell ...) and
     * another from a + recipe, both of which 'make -n' executes.
     */
    private List<Path> treeWhoseMakefileLeavesMarkers() throws IOException {
        copy("x86-pie");
        Files.delete(tree.resolve(".vmlinux.o.cmd"));
        Path markers = Files.createDirectories(base.resolve("markers"));
        Path shell = markers.resolve("shell");
        Path plus = markers.resolve("plus");
        String makefile = Files.readString(tree.resolve("Makefile"));
        Files.writeString(tree.resolve("Makefile"), "PWNED := $(shell touch " + shell + ")\n" + makefile
                + "\nvmlinux_o: pwned\npwned:\n\t+touch " + plus + "\n");
        return List.of(shell, plus);
    }

    @Test
    void inATreeOfTheUsersOwnMakeIsAnnouncedBeforeItRuns() throws Exception {
        List<Path> markers = treeWhoseMakefileLeavesMarkers();
        Output run = ltocheckIn(tree, Map.of(), "check");
        assertEquals(1, run.code(), run.err());
        assertEquals("ltocheck: running 'make -s -n vmlinux_o' in " + tree.toRealPath()
                + " (this runs the tree's Makefiles; --no-make to refuse)", run.err().lines().findFirst().orElse(""));
        // The control: this Makefile does run code when make is asked, so the refusals below are real.
        markers.forEach(m -> assertTrue(Files.exists(m), m.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-make", "LTOCHECK_NO_MAKE=1", "--isolate", "tree writable by others",
            "tree writable by its group", "Makefile owned by another user", "tree owned by another user"})
    void makeIsNeverRunWithoutConsent(String refusal) throws Exception {
        List<Path> markers = treeWhoseMakefileLeavesMarkers();
        Map<String, String> env = Map.of();
        List<String> args = new ArrayList<>(List.of("check"));
        String reason;
        switch (refusal) {
            case "--no-make", "--isolate" -> {
                args.add(refusal);
                reason = refusal.equals("--isolate") ? "--isolate never runs make" : "--no-make";
            }
            case "LTOCHECK_NO_MAKE=1" -> {
                env = Map.of("LTOCHECK_NO_MAKE", "1");
                reason = refusal;
            }
            case "tree writable by others" -> {
                Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxrwx"));
                reason = tree.toRealPath() + " is writable by group and others (mode 0777)";
            }
            case "tree writable by its group" -> {
                Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxr-x"));
                reason = tree.toRealPath() + " is writable by its group (mode 0775)";
            }
            case "Makefile owned by another user" -> {
                Files.setAttribute(tree.resolve("Makefile"), "unix:uid", 65534);
                reason = tree.toRealPath().resolve("Makefile") + " is owned by uid 65534, not by you (uid "
                        + Files.getAttribute(base, "unix:uid") + ")";
            }
            default -> {
                Files.setAttribute(tree, "unix:uid", 65534);
                reason = tree.toRealPath() + " is owned by uid 65534, not by you (uid " + Files.getAttribute(base, "unix:uid") + ")";
            }
        }
        Output run = ltocheckIn(tree, env, args.toArray(String[]::new));
        markers.forEach(m -> assertFalse(Files.exists(m), m + " was created: make ran\n" + run.err()));
        assertEquals(1, run.code(), run.err());
        String said = "ltocheck: no .vmlinux.o.cmd and make not run in " + tree.toRealPath()
                + " (" + reason + "): link line rebuilt from include/config/auto.conf and the lib.a archives found";
        assertTrue(run.err().lines().anyMatch(said::equals), run.err());
        assertTrue(run.err().lines().noneMatch(l -> l.contains("running 'make")), run.err());
        assertNotEquals("", run.out());
    }

    // --- an O= build: the object tree's Makefile is kbuild's stub, the code is in the source tree ------

    /**
     * {@link #treeWhoseMakefileLeavesMarkers} split as an O= build: the tree's Makefile, markers
     * and all, moved to a source tree, and the object tree's Makefile kbuild's stub that includes
     * it (as cmd_makefile writes it); {@code include} is the stub's include line.
     */
    private List<Path> objtreeWhoseSrctreeLeavesMarkers(Path srctree, String include) throws IOException {
        List<Path> markers = treeWhoseMakefileLeavesMarkers();
        Files.createDirectories(srctree.resolve("scripts"));
        Files.move(tree.resolve("Makefile"), srctree.resolve("Makefile"));
        Files.copy(tree.resolve("scripts/Makefile.build"), srctree.resolve("scripts/Makefile.build"));
        Files.writeString(tree.resolve("Makefile"), "# Automatically generated by " + srctree + "/Makefile: don't edit\n"
                + include + "\n");
        return markers;
    }

    @Test
    void inAnObjtreeWhoseSrctreeIsTheUsersOwnMakeRuns() throws Exception {
        Path srctree = base.resolve("src");
        List<Path> markers = objtreeWhoseSrctreeLeavesMarkers(srctree, "include " + srctree + "/Makefile");
        Output run = ltocheckIn(tree, Map.of(), "check");
        assertEquals("ltocheck: running 'make -s -n vmlinux_o' in " + tree.toRealPath()
                + " (this runs the tree's Makefiles; --no-make to refuse)", run.err().lines().findFirst().orElse(""));
        // The control: make through the stub does run the source tree's code, so the refusals below are real.
        markers.forEach(m -> assertTrue(Files.exists(m), m + "\n" + run.err()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"srctree Makefile owned by another user", "srctree writable by others",
            "scripts/Makefile.build owned by another user", "folder above srctree writable by others", "stub naming no srctree"})
    void makeIsNeverRunWhenTheSrctreeOfAnObjtreeIsNotTheUsersOwn(String attack) throws Exception {
        Path above = Files.createDirectories(base.resolve("shared"));
        Path srctree = above.resolve("src");
        String uid = "uid " + Files.getAttribute(base, "unix:uid");
        List<Path> markers = objtreeWhoseSrctreeLeavesMarkers(srctree,
                attack.equals("stub naming no srctree") ? "include $(KERNEL_SRC)/Makefile" : "include " + srctree + "/Makefile");
        String reason = switch (attack) {
            case "srctree Makefile owned by another user" -> {
                Files.setAttribute(srctree.resolve("Makefile"), "unix:uid", 65534);
                yield srctree.resolve("Makefile") + " is owned by uid 65534, not by you (" + uid + ")";
            }
            case "srctree writable by others" -> {
                Files.setPosixFilePermissions(srctree, PosixFilePermissions.fromString("rwxr-xrwx"));
                yield srctree + " is writable by others (mode 0757)";
            }
            case "scripts/Makefile.build owned by another user" -> {
                Files.setAttribute(srctree.resolve("scripts/Makefile.build"), "unix:uid", 65534);
                yield srctree.resolve("scripts/Makefile.build") + " is owned by uid 65534, not by you (" + uid + ")";
            }
            case "folder above srctree writable by others" -> {
                Files.setPosixFilePermissions(above, PosixFilePermissions.fromString("rwxrwxrwx"));
                yield "the folder " + above + " above " + srctree + " is writable by group and others (mode 0777)";
            }
            default -> tree.toRealPath().resolve("Makefile") + " is kbuild's generated stub but has no"
                    + " 'include <srctree>/Makefile' line: the source tree it runs is unknown";
        };
        Output run = ltocheckIn(tree, Map.of(), "check");
        markers.forEach(m -> assertFalse(Files.exists(m), m + " was created: make ran\n" + run.err()));
        assertEquals(1, run.code(), run.err());
        String said = "ltocheck: no .vmlinux.o.cmd and make not run in " + tree.toRealPath()
                + " (" + reason + "): link line rebuilt from include/config/auto.conf and the lib.a archives found";
        assertTrue(run.err().lines().anyMatch(said::equals), run.err());
        assertTrue(run.err().lines().noneMatch(l -> l.contains("running 'make")), run.err());
    }
}
