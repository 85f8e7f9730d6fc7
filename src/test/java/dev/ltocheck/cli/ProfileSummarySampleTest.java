package dev.ltocheck.cli;

import dev.ltocheck.support.LlvmDisMetadata;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pgo sample (AutoFDO: two objects left from the profile's previous contents): check and
 * explain on lld's real log (LLVM 20's metadata pointers) name the two objects, the fields that
 * differ as llvm-dis prints them, and the fix; which objects are stale comes from llvm-dis too.
 */
class ProfileSummarySampleTest {
    @TempDir
    Path dir;

    private static final Pattern FIELD = Pattern.compile("!\\{!\"(\\w+)\", i64 (\\d+)}");

    /** Per member path, its ProfileSummary as llvm-dis printed it. */
    private static Map<String, String> summaries() {
        Map<String, String> out = new TreeMap<>();
        LlvmDisMetadata.moduleFlags(Samples.golden("pgo", "module-flags.txt")).forEach((member, flags) -> flags.stream()
                .filter(f -> f.contains("\"ProfileSummary\"")).findFirst()
                .ifPresent(f -> out.put(member.substring(member.indexOf(' ') + 1), f)));
        return out;
    }

    private static Map<String, Long> counts(String summary) {
        Map<String, Long> out = new TreeMap<>();
        Matcher m = FIELD.matcher(summary);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** The sample copied, with the profile newer than the objects llvm-dis shows built from another profile. */
    private Path tree(boolean staleOlder) throws IOException {
        Path tree = dir.resolve("pgo");
        FileUtils.copyDirectory(Samples.dir("pgo").toFile(), tree.toFile());
        FileTime profile = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(tree.resolve("profile/vmlinux.afdo"), profile);
        List<String> minority = minority();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path o : files.filter(p -> p.toString().endsWith(".o")).toList()) {
                boolean stale = minority.contains(tree.relativize(o).toString());
                Files.setLastModifiedTime(o, FileTime.fromMillis(profile.toMillis() + (stale && staleOlder ? -60_000 : 60_000)));
            }
        }
        return tree;
    }

    /** The members whose summary is not the most common one, by llvm-dis. */
    private static List<String> minority() {
        Map<String, List<String>> byValue = summaries().entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue,
                TreeMap::new, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        String majority = byValue.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
                .orElseThrow().getKey();
        List<String> out = new ArrayList<>();
        byValue.forEach((value, members) -> {
            if (!value.equals(majority)) {
                out.addAll(members);
            }
        });
        return out;
    }

    /** The lines the report must hold, the fingerprints left as patterns. */
    private static List<String> expectedBlock(boolean staleOlder) {
        Map<String, String> summaries = summaries();
        List<String> minority = minority();
        assertEquals(List.of("arch/x86/mm/mem_encrypt_identity.o", "mm/numa.o"), minority.stream().sorted().toList());
        Map<String, Long> stale = counts(summaries.get(minority.get(0)));
        Map<String, Long> current = counts(summaries.get("init/main.o"));
        List<String> differing = new ArrayList<>();
        for (String field : List.of("TotalCount", "MaxCount", "MaxInternalCount", "MaxFunctionCount", "NumCounts",
                "NumFunctions", "IsPartialProfile")) {
            if (!stale.get(field).equals(current.get(field))) {
                differing.add(field + " " + stale.get(field) + " vs " + current.get(field));
            }
        }
        // every other ThinLTO module of the link (lib/lib.a's unused member is not one)
        int majority = summaries.size() - 1 - minority.size();
        String hex = "[0-9a-f]{8}";
        List<String> lines = new ArrayList<>();
        lines.add(Pattern.quote("'ProfileSummary': the modules were built from 2 profiles: sample profile ") + hex
                + Pattern.quote(" (TotalCount " + current.get("TotalCount") + ") in " + majority + " modules, sample profile ")
                + hex + Pattern.quote(" (TotalCount " + stale.get("TotalCount") + ") in 2 modules."));
        lines.add("  " + hex + " vs " + hex + ": " + Pattern.quote(String.join(", ", differing))
                + ", DetailedSummary \\d+ of 16 cutoffs \\(at 1% min count " + stale.get("MaxCount") + " vs "
                + current.get("MaxCount") + "\\)");
        lines.add(Pattern.quote("These 2 objects were built from another profile than the rest"
                + " (-fprofile-sample-use=profile/vmlinux.afdo):"));
        for (String m : minority.stream().sorted().toList()) {
            lines.add(Pattern.quote("  " + m + "  same option"
                    + (staleOlder ? ", older than the profile: built from its previous contents" : "")));
        }
        lines.add(Pattern.quote("Fix: rebuild these 2 objects from the profile the rest use (make does not rebuild an"
                + " object when only its profile changes): rm " + String.join(" ", minority.stream().sorted().toList())
                + " && make"));
        return lines;
    }

    private static void assertBlock(List<String> expected, String out) {
        List<String> lines = out.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("'ProfileSummary': the modules")).findFirst()
                .orElseThrow(() -> new AssertionError(out)));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(lines.get(start + i).matches(expected.get(i)), lines.get(start + i) + "\n  !~ " + expected.get(i));
        }
    }

    @Test
    void checkNamesTheObjectsBuiltFromTheEarlierProfileAndTheFieldsThatDiffer() throws IOException {
        Path tree = tree(true);
        CliRunner.Run run = CliRunner.run("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertBlock(expectedBlock(true), run.out());
        // no LLVM pointer dump and no raw tuple anywhere in the answer
        assertTrue(!run.out().contains("<0x") && !run.out().contains("!{!\"ProfileFormat\""), run.out());
    }

    @Test
    void jsonCarriesTheProfilesAndTheObjectsToRebuild() throws IOException {
        Path tree = tree(true);
        CliRunner.Run run = CliRunner.run("check", "--format", "json", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(java.util.Set.of(), dev.ltocheck.support.JsonSchemas.validate("check.schema.json", json));
        var profiles = json.get("profiles");
        List<String> rebuild = new ArrayList<>();
        profiles.get("rebuild").forEach(p -> rebuild.add(p.asText()));
        assertEquals(minority().stream().sorted().toList(), rebuild.stream().sorted().toList());
        assertEquals(2, profiles.get("groups").size());
        assertTrue(profiles.get("groups").get(1).get("objects").get(0).get("olderThanProfile").asBoolean());
        assertTrue(profiles.get("groups").get(1).get("differences").get(0).asText().startsWith("TotalCount "));
    }

    @Test
    void anObjectNewerThanTheProfileIsNotSaidToBeOlder() throws IOException {
        Path tree = tree(false);
        CliRunner.Run run = CliRunner.run("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        assertBlock(expectedBlock(false), run.out());
    }

    @Test
    void explainOnLldsRealLogWithItsPointerDumpSaysTheSame() throws IOException {
        Path tree = tree(true);
        Path log = tree.resolve("expected/lld-link.txt");
        List<String> errors = Samples.lldErrors("pgo");
        assertTrue(errors.stream().allMatch(l -> l.contains("IDs have conflicting values: '<0x")), "LLVM 20's pointer text");
        CliRunner.Run run = CliRunner.run("explain", log.toString(), "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err()); // every line of the log explained
        assertBlock(expectedBlock(true), run.out());
        // every error line of the log is followed by its two modules, each with its profile named
        List<String> out = run.out().lines().toList();
        int explained = 0;
        TreeSet<String> sources = new TreeSet<>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("ld.lld: error: ") && out.get(i).contains("'ProfileSummary'")) {
                // AutoFDO builds with -g: each module says its flags were read by ltocheck only.
                String note = Pattern.quote(dev.ltocheck.report.CheckReport.READ_BY_LTOCHECK_ONLY_DEBUG_INFO);
                Matcher m = Pattern.compile("    (\\S+) \\(sample profile [0-9a-f]{8} \\(TotalCount \\d+\\)\\)" + note
                        + " imports from (\\S+) \\(sample profile [0-9a-f]{8} \\(TotalCount \\d+\\)\\)" + note + ":")
                        .matcher(out.get(i + 1));
                assertTrue(m.matches(), out.get(i + 1));
                sources.add(minority().contains(m.group(1)) ? m.group(1) : m.group(2));
                explained++;
            }
        }
        assertEquals(errors.size(), explained, run.out());
        assertEquals(new TreeSet<>(minority()), sources);
    }

    /**
     * fix on the profile conflict: the rebuild is the answer (line 1, then the command), verified by
     * the model; the per-object lines only after the labelled alternative, no diff, and --apply
     * leaves every Makefile as it was. check's first screen labels the per-object plan the same way.
     */
    @Test
    void fixAnswersWithTheRebuildAndWritesNoMakefileLine() throws IOException {
        Path tree = tree(true);
        List<String> minority = minority().stream().sorted().toList();
        Map<Path, byte[]> makefiles = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("Makefile|Kbuild")).toList()) {
                makefiles.put(f, Files.readAllBytes(f));
            }
        }
        CliRunner.Run run = CliRunner.run("fix", "--apply", "--srctree", tree.toString(), "--link-cmd",
                tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> out = run.out().lines().toList();
        assertEquals("# ltocheck fix: rebuild these 2 objects from the profile the rest use; no Makefile change (this"
                + " output has no patch)", out.get(0));
        assertEquals("#   rm " + String.join(" ", minority) + " && make", out.get(1));
        assertEquals("# Verified: modelled with them carrying the ProfileSummary of the other 26 modules, no import"
                + " crosses conflicting module flags.", out.get(2));
        int alternative = out.indexOf(out.stream().filter(l -> l.startsWith("# Alternative, not chosen and not written"))
                .findFirst().orElseThrow(() -> new AssertionError(run.out())));
        for (int i = 0; i < out.size(); i++) {
            assertTrue(out.get(i).startsWith("#"), "no diff: " + out.get(i));
            assertTrue(i > alternative || !out.get(i).contains("CFLAGS_REMOVE"), out.get(i));
        }
        assertTrue(run.err().contains("fix: --apply wrote nothing: the fix is a rebuild"), run.err());
        for (Map.Entry<Path, byte[]> e : makefiles.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey())), e.getKey() + " was written");
        }
        // --scope auto: the same answer on line 1, the scope said not to apply after the verdict.
        CliRunner.Run auto = CliRunner.run("fix", "--scope", "auto", "--srctree", tree.toString(), "--link-cmd",
                tree.resolve(".vmlinux.o.cmd").toString());
        assertEquals(out.subList(0, 3), auto.out().lines().toList().subList(0, 3), auto.out());
        assertEquals("# --scope auto: not used: the modules differ only in the profile they were built from, and the fix"
                + " is to rebuild them", auto.out().lines().toList().get(3));
        CliRunner.Run check = CliRunner.run("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
        List<String> screen = check.out().lines().toList();
        int fix = screen.indexOf(screen.stream().filter(l -> l.startsWith("Fix: rebuild")).findFirst().orElseThrow());
        int alt = screen.indexOf("Alternative, only if they cannot be rebuilt: take these 2 objects out of LTO: every"
                + " failing pair has one of them.");
        assertTrue(fix >= 0 && alt > fix, check.out());
        assertTrue(screen.stream().noneMatch(l -> l.startsWith("Take ") || l.contains("ltocheck fix | git apply")
                || l.startsWith("  fix: ")), check.out());
    }
}
