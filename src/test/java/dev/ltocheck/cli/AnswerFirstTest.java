package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer first, on the x86-pie sample (the LKML report): the verdict and what is modelled, one
 * set of counts, then the five objects of the fix plan with what crosses the flag boundary at each
 * and the exact kbuild line; the per-pair blocks only with --detail.
 */
class AnswerFirstTest {
    private static final String CMD = Samples.dir("x86-pie").resolve(".vmlinux.o.cmd").toString();

    @Test
    void firstScreenIsTheVerdictTheCountsAndTheFivePlanObjects() {
        CliRunner.Run run = CliRunner.run("check", "--link-cmd", CMD);
        assertEquals(1, run.exitCode(), run.err());
        List<String> expected = List.of(
                "The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling " + CMD,
                "28 ThinLTO modules, 36 imports; 31 cross conflicting module flags, in 23 failing import pairs;"
                        + " 22 importing modules fail (one ld.lld error each, naming 22 of the 23 pairs).",
                "",
                "'Code Model': small (i32 1) in 5 modules, kernel (i32 2) in 23 modules.",
                "Take these 5 objects out of LTO: every failing pair has one of them.",
                "arch/x86/kernel/head64.o  small (i32 1), 18 failing import pairs",
                "  exports 2 variables defined in arch/x86/kernel/head64.c into 16 modules:"
                        + " page_offset_base (14 modules), vmemmap_base (6 modules)",
                "  imports 2 functions and 1 variable from 2 modules: memory_pfn_valid (function, mm/memory.c),"
                        + " numa_valid_node (function, mm/numa.c), max_pfn (variable, mm/memory.c)",
                "  fix: CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)  (arch/x86/kernel/Makefile, after line 23)",
                "arch/x86/kernel/sev.o  small (i32 1), 1 failing import pair",
                "  exports 1 function and 1 variable defined in arch/x86/kernel/sev.c into 1 module:"
                        + " sev_es_active (function, 1 module), sev_status (variable, 1 module)",
                "  fix: CFLAGS_REMOVE_sev.o += $(CC_FLAGS_LTO)  (arch/x86/kernel/Makefile, after line 29)",
                "arch/x86/mm/mem_encrypt_identity.o  small (i32 1), 2 failing import pairs",
                "  exports 1 function and 1 variable defined in arch/x86/mm/mem_encrypt_identity.c into 2 modules:"
                        + " sme_get_me_mask (function, 2 modules), sme_me_mask (variable, 2 modules)",
                "  fix: CFLAGS_REMOVE_mem_encrypt_identity.o += $(CC_FLAGS_LTO)  (arch/x86/mm/Makefile, after line 8)",
                "arch/x86/mm/pti.o  small (i32 1), 1 failing import pair",
                "  exports 1 function defined in arch/x86/mm/pti.c into 1 module: pti_user_pgd_enabled (1 module)",
                "  fix: CFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO)  (arch/x86/mm/Makefile, after line 9)",
                "arch/x86/lib/cmdline.o  small (i32 1), 1 failing import pair",
                "  exports 1 function defined in arch/x86/lib/cmdline.c into 1 module: cmdline_is_space (1 module)",
                "  fix: CFLAGS_REMOVE_cmdline.o += $(CC_FLAGS_LTO)  (arch/x86/lib/Makefile, after line 12)",
                "Checked: with them outside LTO the link passes (23 modules stay in LTO). Write the lines:"
                        + " ltocheck fix | git apply, or ltocheck fix --apply.",
                "",
                "Read all 30 objects.",
                "LLVM read 27 of 29 members: 2 flag-set representatives, 25 in findings.",
                "Every failing pair with its call chains: --detail; the lines ld.lld prints: --lld-lines.");
        assertEquals(expected, run.out().lines().toList());
    }

    @Test
    void theKbuildLinesAreTheOnesFixWrites() {
        CliRunner.Run check = CliRunner.run("check", "--link-cmd", CMD);
        CliRunner.Run fix = CliRunner.run("fix", "--link-cmd", CMD, "--srctree", Samples.dir("x86-pie").toString());
        List<String> added = fix.out().lines().filter(l -> l.startsWith("+CFLAGS_REMOVE_")).map(l -> l.substring(1)).toList();
        List<String> named = check.out().lines().filter(l -> l.startsWith("  fix: "))
                .map(l -> l.substring("  fix: ".length(), l.indexOf("  (", 7))).toList();
        assertEquals(5, added.size(), fix.out());
        assertEquals(added, named);
    }

    @Test
    void detailAddsThePerPairBlocksAfterTheAnswer() {
        List<String> brief = CliRunner.run("check", "--link-cmd", CMD).out().lines().toList();
        List<String> detail = CliRunner.run("check", "--detail", "--link-cmd", CMD).out().lines().toList();
        assertEquals(brief.subList(0, brief.size() - 1), detail.subList(0, brief.size() - 1));
        List<String> pairs = detail.subList(brief.size() - 1, detail.size());
        assertEquals("'Code Model': 22 conflicting pairs", pairs.get(1));
        assertTrue(pairs.contains("        pti_user_pgd_enabled (function, 1 inst) via handle_mm_fault -> pti_user_pgd_enabled"),
                pairs::toString);
        assertEquals(23, pairs.stream().filter(l -> l.startsWith("    error: ")).count());
        assertFalse(brief.stream().anyMatch(l -> l.contains(" insts") && l.contains(" 1 insts")));
    }

    @Test
    void lldLinesStayByteForByteAndTheVerdictGoesToStderr() {
        CliRunner.Run run = CliRunner.run("check", "--lld-lines", "--link-cmd", CMD);
        assertEquals("ltocheck: The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling " + CMD + "\n", run.err());
        assertTrue(run.out().lines().allMatch(l -> l.startsWith("ld.lld: error: ")), run.out());
    }

    @Test
    void jsonCarriesTheSameCauses() throws IOException {
        JsonNode json = new ObjectMapper().readTree(CliRunner.run("check", "--format", "json", "--link-cmd", CMD).out());
        assertTrue(JsonSchemas.validate("check.schema.json", json).isEmpty(),
                () -> JsonSchemas.validate("check.schema.json", json).toString());
        assertEquals(2, json.get("schemaVersion").asInt());
        assertEquals("The link fails: 22 errors (ld.lld 20.1.7 prints 20), modelling " + CMD,
                json.get("headline").get("line").asText());
        List<String> objects = new ArrayList<>();
        json.get("causes").forEach(c -> objects.add(c.get("object").get("path").asText() + " " + c.get("failingImportPairs")
                + " " + c.get("fix").get("kbuildFile").asText() + ":" + c.get("fix").get("afterLine") + " "
                + c.get("fix").get("line").asText()));
        assertEquals(List.of(
                "arch/x86/kernel/head64.o 18 arch/x86/kernel/Makefile:23 CFLAGS_REMOVE_head64.o += $(CC_FLAGS_LTO)",
                "arch/x86/kernel/sev.o 1 arch/x86/kernel/Makefile:29 CFLAGS_REMOVE_sev.o += $(CC_FLAGS_LTO)",
                "arch/x86/mm/mem_encrypt_identity.o 2 arch/x86/mm/Makefile:8"
                        + " CFLAGS_REMOVE_mem_encrypt_identity.o += $(CC_FLAGS_LTO)",
                "arch/x86/mm/pti.o 1 arch/x86/mm/Makefile:9 CFLAGS_REMOVE_pti.o += $(CC_FLAGS_LTO)",
                "arch/x86/lib/cmdline.o 1 arch/x86/lib/Makefile:12 CFLAGS_REMOVE_cmdline.o += $(CC_FLAGS_LTO)"), objects);
        JsonNode head64 = json.get("causes").get(0);
        assertEquals("{\"text\":\"i32 1\",\"readable\":\"small\"}", head64.get("value").toString());
        assertEquals(16, head64.get("exportedInto").asInt());
        JsonNode pageOffset = head64.get("exports").get(0);
        assertEquals("page_offset_base variable arch/x86/kernel/head64.c 14", pageOffset.get("symbol").get("name").asText()
                + " " + pageOffset.get("kind").asText() + " " + pageOffset.get("definedIn").asText() + " "
                + pageOffset.get("modules").asInt());
        assertTrue(json.get("fixPlan").get("verified").asBoolean());
        assertEquals(23, json.get("fixPlan").get("stayInLto").asInt());
    }

    /** An object of the rarer flag class the plan leaves in LTO is named, with why it needs nothing. */
    @Test
    void anObjectTheCoverLeavesInLtoNeedsNothingAndSaysWhy() {
        // With an import limit of 1 only head64.o's variables and pti.o's one-instruction helper cross the
        // boundary (the shape of the real kernel case): sev.o, mem_encrypt_identity.o and cmdline.o stay in LTO.
        String dir = Samples.dir("x86-pie").toString();
        CliRunner.Run run = CliRunner.run("check", dir + "/vmlinux.a", "--lib", dir + "/lib/lib.a", "-mllvm",
                "-import-instr-limit=1");
        List<String> lines = run.out().lines().toList();
        int at = lines.indexOf("Need nothing:");
        assertTrue(at > 0, run.out());
        assertEquals(List.of("  " + dir + "/arch/x86/kernel/sev.o  small (i32 1): no import crosses the boundary at it",
                "  " + dir + "/arch/x86/mm/mem_encrypt_identity.o  small (i32 1): no import crosses the boundary at it",
                "  " + dir + "/arch/x86/lib/cmdline.o  small (i32 1): no import crosses the boundary at it"),
                lines.subList(at + 1, at + 4));
        assertEquals("Take these 2 objects out of LTO: every failing pair has one of them.", lines.get(4));
    }
}
