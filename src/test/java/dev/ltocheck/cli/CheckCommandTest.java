package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    private static String cmd(String scenario) {
        return Samples.dir(scenario).resolve(".vmlinux.o.cmd").toString();
    }

    @ParameterizedTest
    @CsvSource({"x86-pie,1", "x86-pie-fixed,0", "clean,0", "riscv-medany,1", "stack-align,1", "full-lto,1", "x86-pitext,0", "clang14,1", "clang16,1"})
    void exitCodeSaysWhetherTheLinkFails(String scenario, int code) {
        CliRunner.Run run = CliRunner.run("check", "--link-cmd", cmd(scenario));
        assertEquals(code, run.exitCode(), run.err());
        String first = run.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith(code == 0 ? "The link passes: " : "The link fails: "), run.out());
        assertTrue(first.endsWith(", modelling " + cmd(scenario)), first);
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void lldLinesAreLldsAtBothErrorLimits(String scenario) {
        CliRunner.Run all = CliRunner.run("check", "--lld-lines", "--link-cmd", cmd(scenario));
        assertEquals(new TreeSet<>(Samples.pointerless(Samples.lldErrors(scenario))),
                new TreeSet<>(Samples.pointerless(all.out().lines().toList())));
        // lld's default limit, with --thinlto-jobs=1 (module order), recorded as it printed it
        CliRunner.Run limited = CliRunner.run("check", "--lld-lines", "--error-limit", "20", "--link-cmd", cmd(scenario));
        List<String> recorded = Samples.golden(scenario, "lld-link-default-limit.txt").stream()
                .filter(l -> l.startsWith("ld.lld: error: ")).toList();
        assertEquals(Samples.pointerless(recorded), Samples.pointerless(limited.out().lines().toList()));
    }

    @Test
    void defaultCommandIsCheck() {
        CliRunner.Run explicit = CliRunner.run("check", "--lld-lines", "--link-cmd", cmd("x86-pie"));
        CliRunner.Run implicit = CliRunner.run("--lld-lines", "--link-cmd", cmd("x86-pie"));
        assertEquals(explicit, implicit);
    }

    @Test
    void withoutTheKernelsLimitTheDefault100PredictsMore() {
        String dir = Samples.dir("x86-pie").toString();
        CliRunner.Run kernel = CliRunner.run("check", "--lld-lines", dir + "/vmlinux.a", "--lib", dir + "/lib/lib.a",
                "-mllvm", "-import-instr-limit=5");
        CliRunner.Run defaults = CliRunner.run("check", "--lld-lines", dir + "/vmlinux.a", "--lib", dir + "/lib/lib.a");
        Set<String> extra = new TreeSet<>(defaults.out().lines().toList());
        extra.removeAll(kernel.out().lines().toList());
        // cmdline_find_option_bool (29 instructions) is imported into main.o only under LLVM's default limit.
        assertEquals(1, extra.size(), extra::toString);
        assertTrue(extra.iterator().next().contains("main.o at 604"), extra::toString);
    }

    @Test
    void jsonMatchesItsSchema() throws IOException {
        CliRunner.Run run = CliRunner.run("check", "--format", "json", "--link-cmd", cmd("x86-pie"));
        JsonNode json = new ObjectMapper().readTree(run.out());
        Set<ValidationMessage> errors = JsonSchemas.validate("check.schema.json", json);
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals(22, json.get("summary").get("lldErrors").asInt());
        assertEquals(23, json.get("errors").size());
    }

    @Test
    void sarifIsValidSarif210WithOneResultPerFailingImport() throws IOException {
        CliRunner.Run run = CliRunner.run("check", "--format", "sarif", "--link-cmd", cmd("x86-pie"));
        JsonNode sarif = new ObjectMapper().readTree(run.out());
        try (InputStream schema = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(schema).validate(sarif);
            assertTrue(errors.isEmpty(), errors::toString);
        }
        JsonNode json = new ObjectMapper().readTree(
                CliRunner.run("check", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        int failingImports = 0;
        for (JsonNode e : json.get("errors")) {
            failingImports += e.get("imports").size();
        }
        List<JsonNode> results = new ArrayList<>();
        sarif.get("runs").get(0).get("results").forEach(results::add);
        assertEquals(failingImports, results.stream().filter(r -> r.get("ruleId").asText().equals("LTO001")).count());
        // One result per object of the fix plan, at the kbuild line that gives it its option, its sources related.
        List<JsonNode> causes = results.stream().filter(r -> r.get("ruleId").asText().equals("LTO004")).toList();
        assertEquals(List.of("arch/x86/kernel/Makefile:23", "arch/x86/kernel/Makefile:24", "arch/x86/mm/Makefile:8",
                "arch/x86/mm/Makefile:9", "arch/x86/lib/Makefile:12"), causes.stream().map(r -> {
                    JsonNode loc = r.get("locations").get(0).get("physicalLocation");
                    return loc.get("artifactLocation").get("uri").asText() + ":" + loc.get("region").get("startLine").asInt();
                }).toList());
        assertEquals(List.of("arch/x86/kernel/head64.c", "mm/memory.c", "mm/numa.c"), causes.get(0).get("relatedLocations")
                .findValues("uri").stream().map(JsonNode::asText).toList());
        assertEquals(failingImports + 5, results.size());
        assertEquals("mm/numa.c", sarif.get("runs").get(0).get("results").findValues("uri").stream()
                .map(JsonNode::asText).filter(u -> u.equals("mm/numa.c")).findFirst().orElseThrow());
    }

    /** Every failing import names a symbol the source module's C file defines, reached from one the importer's defines. */
    @Test
    void importsAndCallersAgreeWithTheSampleSources() throws IOException {
        JsonNode json = new ObjectMapper().readTree(
                CliRunner.run("check", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        List<String> checked = new ArrayList<>();
        for (JsonNode e : json.get("errors")) {
            String into = Files.readString(Samples.dir("x86-pie").resolve(e.get("into").get("sourceFilename").asText()));
            String from = Files.readString(Samples.dir("x86-pie").resolve(e.get("from").get("sourceFilename").asText()));
            for (JsonNode i : e.get("imports")) {
                String symbol = i.get("symbol").get("name").asText();
                String caller = i.get("chain").get(0).asText();
                assertTrue(from.matches("(?s).*\\n[^\\n(]*\\b" + symbol + "\\b( = |\\(|;).*"), symbol + " defined in the source");
                assertTrue(into.matches("(?s).*\\n\\S[^\\n]*\\b" + caller + "\\(.*\\)\\n\\{.*"), caller + " defined in the importer");
                checked.add(symbol);
            }
        }
        assertTrue(checked.containsAll(List.of("page_offset_base", "vmemmap_base", "sme_get_me_mask", "cmdline_is_space",
                "sev_es_active", "pti_user_pgd_enabled", "memory_pfn_valid", "numa_valid_node")), checked::toString);
    }
}
