package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportsCommandTest {
    private static final String DIR = Samples.dir("x86-pie").toString();

    private static CliRunner.Run imports(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("imports", DIR + "/vmlinux.a", "--lib", DIR + "/lib/lib.a",
                "-mllvm", "-import-instr-limit=5"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void jsonIsValidAndNamesBothEndsAsLldDoes() throws IOException {
        CliRunner.Run run = imports("--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(JsonSchemas.validate("imports.schema.json", json).isEmpty(),
                () -> JsonSchemas.validate("imports.schema.json", json).toString());
        assertEquals(5, json.get("options").get("importInstrLimit").asInt());
        JsonNode first = json.get("imports").get(0);
        assertEquals(DIR + "/vmlinux.a(main.o at 604)", first.get("into").get("lldName").asText());
        assertEquals(DIR + "/vmlinux.a(numa.o at 1084)", first.get("from").get("lldName").asText());
        assertEquals("numa_valid_node", first.get("symbol").get("name").asText());
        assertEquals("function", first.get("kind").asText());
        assertEquals(List.of("start_kernel", "numa_valid_node"),
                List.of(first.get("chain").get(0).asText(), first.get("chain").get(1).asText()));
    }

    @Test
    void filtersSelectByModuleBasenameAndSymbol() {
        CliRunner.Run run = imports("--into", "head64.o", "--symbol", "sme_me_mask");
        List<String> rows = run.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(1, rows.size(), run.out());
        assertTrue(rows.get(0).matches("  sme_me_mask +variable +from .*mem_encrypt_identity\\.o at 844\\)"
                + "  via __startup_64 -> sme_get_me_mask -> sme_me_mask"), rows.get(0));
    }

    @Test
    void defaultLimitImportsMoreThanTheKernelsLimit() {
        CliRunner.Run kernel = imports();
        CliRunner.Run defaults = CliRunner.run("imports", DIR + "/vmlinux.a", "--lib", DIR + "/lib/lib.a");
        int kernelImports = Integer.parseInt(kernel.out().split(" ")[3]);
        int defaultImports = Integer.parseInt(defaults.out().split(" ")[3]);
        assertTrue(defaultImports > kernelImports, kernel.out().lines().findFirst() + " / "
                + defaults.out().lines().findFirst());
    }

    @Test
    void lldFailuresFormatPrintsWhatLldsPrintImportFailuresPrinted() {
        CliRunner.Run run = imports("--format", "lld-failures");
        assertEquals(0, run.exitCode(), run.err());
        // lld ran in the sample's folder: its module names are relative to it.
        List<String> ours = run.out().lines().map(l -> l.replace(DIR + "/", "")).toList();
        assertEquals(ThinLinkGolden.importFailuresByModule(Samples.golden("x86-pie", "lld-import-failures.txt")),
                ThinLinkGolden.importFailuresByModule(ours));
        assertTrue(ours.contains("17010494182162513078 (cmdline_find_option_bool): Reason = TooLarge, Threshold = 5,"
                + " Size = 29, MaxHotness = unknown, Attempts = 1"), run.out());
    }

    @Test
    void whyNamesEveryModuleThatConsideredTheSymbolWithTheThresholdArithmetic() {
        CliRunner.Run run = imports("--why", "cmdline_find_option_bool");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(
                "cmdline_find_option_bool: considered by 1 module, imported into 0; defined in " + DIR
                        + "/vmlinux.a(cmdline.o at 964)",
                "",
                DIR + "/init/main.o  " + DIR + "/vmlinux.a(main.o at 604)",
                "  not imported: TooLarge, size 29 > threshold 5 (max hotness unknown, 1 attempt)",
                "  Threshold = 5 (import-instr-limit 5 for the calls of parse_early_options (defined here);"
                        + " x 1 for a call of hotness unknown = 5)",
                "  lld: 17010494182162513078 (cmdline_find_option_bool): Reason = TooLarge, Threshold = 5, Size = 29,"
                        + " MaxHotness = unknown, Attempts = 1"), run.out().lines().toList());
    }

    @Test
    void whyOfAnImportedSymbolNamesItsSourceInEveryModule() {
        CliRunner.Run run = imports("--why", "sme_get_me_mask");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sme_get_me_mask: considered by 3 modules, imported into 3;"), run.out());
        assertEquals(3, run.out().lines().filter(l -> l.equals("  imported from " + DIR
                + "/vmlinux.a(mem_encrypt_identity.o at 844): size 2 <= threshold 5")).count(), run.out());
    }

    @Test
    void unknownMllvmOptionIsAUsageError() {
        CliRunner.Run run = imports("-mllvm", "-no-such-option=1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("-no-such-option=1: not an import option ltocheck models"), run.err());
    }
}
