package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.ltocheck.report.CheckReport;
import dev.ltocheck.support.JsonSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing link whose modules carry debug information, which libLLVM does not read in process
 * (src/test/resources/debug-info-link, built by its build.sh with the bundled clang 20.1.7; its
 * lld-link.txt is ld.lld 20.1.7's output): {@code pie.o} (-fpie -g) imports from {@code k1.o}
 * (-mcmodel=kernel -g) and both ways; {@code k2.o} has k1.o's flags and no debug information.
 */
class DebugInfoLinkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path SAMPLE = Path.of("src/test/resources/debug-info-link").toAbsolutePath();

    @TempDir
    Path dir;

    @BeforeEach
    void copy() throws IOException {
        // k1.o and k2.o in folders of their own: the member cache keeps a file per folder.
        for (String f : List.of("pie.o", "a/k1.o", "b/k2.o", "c/k2.o")) {
            Path to = dir.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(SAMPLE.resolve(to.getFileName().toString()), to);
        }
    }

    private String[] link(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of(dir.resolve("pie.o").toString(), dir.resolve("a/k1.o").toString(),
                dir.resolve("c/k2.o").toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void aPartlyWarmCacheGivesTheReportOfARunWithoutIt() {
        Path cache = dir.resolve("cache");
        // An earlier link of k1.o and k2.o: k2.o (no debug information) stood for their flag set,
        // k1.o was kept as read by ltocheck only. Now k1.o comes from the cache, pie.o and c/k2.o do not.
        CliRunner.Run earlier = CliRunner.run("check", "--cache-dir", cache.toString(),
                dir.resolve("a/k1.o").toString(), dir.resolve("b/k2.o").toString());
        assertEquals(List.of("LLVM read 1 of 2 members: 1 flag-set representative."),
                earlier.out().lines().filter(l -> l.startsWith("LLVM read")).toList(), earlier.out());
        for (String[] format : List.of(new String[]{"check"}, new String[]{"check", "--format", "json"})) {
            CliRunner.Run cold = CliRunner.run(link(concat(format, "--no-cache")));
            CliRunner.Run warm = CliRunner.run(link(concat(format, "--cache-dir", cache.toString())));
            assertEquals(cold, warm);
            assertEquals(1, cold.exitCode(), cold.out() + cold.err());
        }
        CliRunner.Run cold = CliRunner.run(link("check", "--no-cache"));
        assertEquals(List.of("LLVM read 1 of 3 members: 1 flag-set representative; 2 it was to read carry debug"
                        + " information and were read by ltocheck only (libLLVM does not read debug information in process)."),
                cold.out().lines().filter(l -> l.startsWith("LLVM read")).toList(), cold.out());
    }

    @Test
    void modulesWithDebugInformationInFindingsAreNeitherCountedAsReadByLlvmNorRecalledAsSuch() {
        // pie.o and k1.o are named in findings; LLVM declines both in process (debug information),
        // in a cold run and in a warm one alike: nothing for the cache to keep of LLVM's.
        String cache = dir.resolve("cache").toString();
        for (int run = 0; run < 2; run++) {
            CliRunner.Run verbose = CliRunner.run(link("--verbose", "check", "--cache-dir", cache));
            assertEquals(1, verbose.exitCode(), verbose.err());
            assertEquals(1, verbose.err().lines().filter(l -> l.matches("ltocheck: modules named in findings: LLVM read 0"
                    + " in \\d+ ms; 0 as an earlier run's LLVM read them \\(member cache\\)")).count(), verbose.err());
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new java.util.ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void everyFindingThatNamesADebugInfoModuleSaysItsFlagsWereReadByLtocheckOnly() throws IOException {
        String pie = SAMPLE.resolve("pie.o").toString();
        String k1 = SAMPLE.resolve("k1.o").toString();
        String k2 = SAMPLE.resolve("k2.o").toString();
        String note = CheckReport.READ_BY_LTOCHECK_ONLY_DEBUG_INFO;
        assertEquals(" (read by ltocheck only: it carries debug information)", note);
        CliRunner.Run text = CliRunner.run("check", "--no-cache", "--detail", pie, k1, k2);
        assertEquals(1, text.exitCode(), text.err());
        assertEquals(List.of(pie + "  small (i32 1)" + note + ", 3 failing import pairs"),
                text.out().lines().filter(l -> l.startsWith(pie + " ")).toList(), text.out());
        // k2.o has no debug information: LLVM read it (its flag set's representative), and nothing is said.
        assertEquals(List.of("  " + pie + " small (i32 1)" + note + "  <->  " + k1 + " kernel (i32 2)" + note,
                        "  " + pie + " small (i32 1)" + note + "  <->  " + k2 + " kernel (i32 2)"),
                text.out().lines().filter(l -> l.contains("  <->  ")).toList(), text.out());

        JsonNode json = MAPPER.readTree(CliRunner.run("check", "--no-cache", "--format", "json", pie, k1, k2).out());
        assertEquals(java.util.Set.of(), JsonSchemas.validate("check.schema.json", json));
        List<String> sides = new java.util.ArrayList<>();
        for (JsonNode error : json.get("errors")) {
            for (String side : List.of("into", "from")) {
                JsonNode m = error.get(side);
                sides.add(Path.of(m.get("lldName").asText()).getFileName() + "="
                        + (m.has("readByLtocheckOnly") ? m.get("readByLtocheckOnly").asText() : "LLVM"));
            }
        }
        assertEquals(List.of("pie.o=debug-info", "k1.o=debug-info", "k1.o=debug-info", "pie.o=debug-info",
                "k2.o=LLVM", "pie.o=debug-info"), sides);
        assertEquals("debug-info", json.get("causes").get(0).get("object").get("readByLtocheckOnly").asText());
        // The schema bites: a reason it does not name is rejected.
        ObjectNode bogus = json.deepCopy();
        ((ObjectNode) bogus.get("errors").get(0).get("into")).put("readByLtocheckOnly", "tired");
        assertFalse(JsonSchemas.validate("check.schema.json", bogus).isEmpty());

        JsonNode sarif = MAPPER.readTree(CliRunner.run("check", "--no-cache", "--format", "sarif", pie, k1, k2).out());
        try (InputStream schema = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertEquals(java.util.Set.of(), JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(schema).validate(sarif));
        }
        List<String> results = new java.util.ArrayList<>();
        for (JsonNode r : sarif.get("runs").get(0).get("results")) {
            java.util.TreeMap<String, String> why = new java.util.TreeMap<>();
            r.path("properties").path("readByLtocheckOnly").fields()
                    .forEachRemaining(e -> why.put(Path.of(e.getKey()).getFileName().toString(), e.getValue().asText()));
            results.add(r.get("ruleId").asText() + " " + why);
            assertTrue(r.get("message").get("text").asText().contains("read by ltocheck only: it carries debug"
                    + " information"), r.toString());
        }
        assertEquals(List.of("LTO004 {pie.o=debug-info}", "LTO001 {k1.o=debug-info, pie.o=debug-info}",
                "LTO001 {k1.o=debug-info, pie.o=debug-info}", "LTO001 {pie.o=debug-info}"), results);
    }

    /** fix names the module it takes out of LTO as check does: with the note, after lld's name for it. */
    @Test
    void fixSaysItOfTheModuleItTakesOut() {
        String pie = SAMPLE.resolve("pie.o").toString();
        CliRunner.Run fix = CliRunner.run("fix", "--no-cache", pie, SAMPLE.resolve("k1.o").toString(),
                SAMPLE.resolve("k2.o").toString());
        assertEquals(0, fix.exitCode(), fix.out() + fix.err());
        assertEquals(List.of("# " + pie + "  [" + pie + "]" + CheckReport.READ_BY_LTOCHECK_ONLY_DEBUG_INFO + "  'Code Model'"),
                fix.out().lines().filter(l -> l.startsWith("# " + pie + " ")).toList(), fix.out());
    }

    @Test
    void explainSaysItOfEachModuleItNames() throws IOException {
        String[] objects = {SAMPLE.resolve("pie.o").toString(), SAMPLE.resolve("k1.o").toString(),
                SAMPLE.resolve("k2.o").toString()};
        // The log: ld.lld's lines for this link (theModelledLldLinesAreLldsOwn holds them to its own).
        Path log = dir.resolve("build.log");
        Files.writeString(log, CliRunner.run("check", "--no-cache", "--lld-lines", objects[0], objects[1], objects[2]).out());
        CliRunner.Run explain = CliRunner.run("explain", log.toString(), "--no-cache", objects[0], objects[1], objects[2]);
        String note = CheckReport.READ_BY_LTOCHECK_ONLY_DEBUG_INFO;
        assertEquals(List.of(
                        "    " + objects[0] + " (small (i32 1))" + note + " imports from " + objects[1] + " (kernel (i32 2))"
                                + note + ":",
                        "    " + objects[1] + " (kernel (i32 2))" + note + " imports from " + objects[0] + " (small (i32 1))"
                                + note + ":",
                        "    " + objects[2] + " (kernel (i32 2)) imports from " + objects[0] + " (small (i32 1))" + note + ":"),
                explain.out().lines().filter(l -> l.contains(" imports from ") && l.endsWith(":")).toList(), explain.out());
    }

    @Test
    void theModelledLldLinesAreLldsOwn() throws IOException {
        List<String> lld = Files.readAllLines(SAMPLE.resolve("lld-link.txt")).stream()
                .filter(l -> !l.startsWith("#")).sorted().toList();
        CliRunner.Run ours = CliRunner.run("check", "--no-cache", "--lld-lines", SAMPLE.resolve("pie.o").toString(),
                SAMPLE.resolve("k1.o").toString(), SAMPLE.resolve("k2.o").toString());
        assertEquals(3, lld.size(), lld.toString());
        assertEquals(lld, ours.out().replace(SAMPLE + "/", "").lines().sorted().toList(), ours.err());
    }
}
