package dev.ltocheck.cli;

import dev.ltocheck.flags.FlagVerifier;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Module flags LLVM's verifier rejects (Append with an int, Max with a string, Min with a node or
 * a negative number, Require with one operand) and a cyclic flag value: each is one line naming
 * the module and never reaches IRMover; exit 1 where lld stops too, exit 3 for the cyclic value,
 * which lld links. What LLVM says is checked against the bundled llvm-as (its verifier) and
 * ld.lld (src/test/resources/flag-values/*.lld.txt, scripts/make-flag-values).
 */
class BrokenFlagsTest {
    private static final Path DIR = Path.of("src/test/resources/flag-values").toAbsolutePath();

    private static CliRunner.Run check(String bad, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "check";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = DIR.resolve("main.bc").toString();
        args[options.length + 2] = DIR.resolve(bad + ".bc").toString();
        return CliRunner.run(args);
    }

    private static List<String> errorLines(CliRunner.Run run) {
        return run.out().lines().filter(l -> l.contains("error: ")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-append-int", "bad-max-string", "bad-min-node", "bad-min-negative", "bad-require-single"})
    void aFlagLlvmRejectsIsOneLineAndTheLinkFails(String bad) throws Exception {
        CliRunner.Run run = check(bad);
        assertEquals(1, run.exitCode(), run.out() + run.err());
        FlagVerifier.Problem problem = problems(bad).get(0);
        assertEquals(List.of("  error: " + DIR.resolve(bad + ".bc") + ": " + problem.line()), errorLines(run), run.out());
        List<String> lines = run.out().lines().toList();
        assertEquals("The link fails: ld.lld 20.1.7 stops at a broken module (1 module whose module"
                + " flags LLVM's verifier rejects), modelling the command line", lines.get(0), run.out());
        assertTrue(lines.get(1).startsWith("2 ThinLTO modules"), run.out());
        // ld.lld fails on it too: "Broken module found", or a crash in IRMover (Min with a node).
        List<String> lld = Files.readAllLines(DIR.resolve(bad + ".lld.txt"));
        assertNotEquals("exit 0", lld.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-append-int", "bad-max-string", "bad-min-negative"})
    void lldLinesAreWhatLldPrintsForTheBrokenModule(String bad) throws Exception {
        CliRunner.Run run = check(bad, "--lld-lines");
        assertEquals(1, run.exitCode());
        List<String> lld = Files.readAllLines(DIR.resolve(bad + ".lld.txt"));
        assertEquals(lld.subList(1, lld.size()), run.out().lines().toList());
    }

    /** LLVM's verifier (llvm-as verifies what it assembles) says the same words as FlagVerifier. */
    @ParameterizedTest
    @ValueSource(strings = {"bad-append-int", "bad-max-string", "bad-min-node", "bad-min-negative", "bad-require-single"})
    void verifierMessagesAreLlvmAsMessages(String bad) throws Exception {
        Tools.Result as = Tools.run(DIR, "llvm-as", bad + ".ll", "-o", "/dev/null");
        assertNotEquals(0, as.exitCode());
        List<String> llvm = as.stderr().lines().toList();
        assertTrue(llvm.get(0).endsWith("assembly parsed, but does not verify as correct!"), as.stderr());
        FlagVerifier.Problem problem = problems(bad).get(0);
        assertEquals(problem.message(), llvm.get(1));
        // LLVM numbers a node operand (!2 = !{...}); ltocheck writes it inline.
        String operand = llvm.get(2).replaceFirst("^!\\d+ = ", "");
        assertEquals(problem.operand(), operand);
        assertEquals(1, problems(bad).size());
    }

    @Test
    void aCyclicValueIsOneLineExitThreeAndSmall() throws Exception {
        CliRunner.Run run = check("bad-cyclic");
        // lld links it (below), so the link does not fail: the check is incomplete.
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("ltocheck cannot check this link: 1 module carries"), run.out());
        // As for any input ltocheck could not read: one line on stderr naming the module.
        assertEquals(List.of("ltocheck: " + DIR.resolve("bad-cyclic.bc") + ": module flag 'cyc' has a value no compiler"
                + " writes (a node that contains itself); ltocheck cannot model its merge (ld.lld 20.1.7 links it)"),
                run.err().lines().filter(l -> l.contains("cannot model")).toList());
        assertEquals(List.of("  error: " + DIR.resolve("bad-cyclic.bc") + ": module flag 'cyc' has a value no compiler"
                + " writes (a node that contains itself) [ld.lld 20 accepts it; ltocheck cannot model it]"), errorLines(run));
        assertTrue(run.out().length() < 2000, run.out());
        // What lld does with it (recorded): it links. ltocheck refuses to guess.
        assertEquals(List.of("exit 0"), Files.readAllLines(DIR.resolve("bad-cyclic.lld.txt")));
        CliRunner.Run flags = CliRunner.run("flags", DIR.resolve("main.bc").toString(), DIR.resolve("bad-cyclic.bc").toString());
        assertTrue(flags.out().length() < 5000, flags.out());
        assertTrue(flags.out().contains("<a node that contains itself>"), flags.out());
    }

    @Test
    void jsonNamesTheBrokenModuleAndMatchesTheSchema() throws Exception {
        CliRunner.Run run = check("bad-max-string", "--format", "json");
        assertEquals(1, run.exitCode());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(java.util.Set.of(), dev.ltocheck.support.JsonSchemas.validate("check.schema.json", json));
        assertTrue(json.get("summary").get("linkFails").asBoolean());
        com.fasterxml.jackson.databind.JsonNode broken = json.get("brokenModules").get(0);
        assertEquals(DIR.resolve("bad-max-string.bc").toString(), broken.get("module").get("path").asText());
        assertEquals("invalid value for 'max' module flag (expected constant integer)",
                broken.get("problems").get(0).get("message").asText());
        assertEquals("!\"high\"", broken.get("problems").get(0).get("operand").asText());
    }

    @Test
    void sarifHasOneResultForTheBrokenModule() throws Exception {
        CliRunner.Run run = check("bad-append-int", "--format", "sarif");
        assertEquals(1, run.exitCode());
        com.fasterxml.jackson.databind.JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.out()).get("runs").get(0).get("results");
        assertEquals(1, results.size());
        assertEquals("LTO003", results.get(0).get("ruleId").asText());
        assertEquals(DIR.resolve("bad-append-int.bc") + ": invalid value for 'append'-type module flag (expected a"
                + " metadata node): i32 3", results.get(0).get("message").get("text").asText());
    }

    @Test
    void wellFormedFlagsPassTheVerifier() throws Exception {
        for (String file : List.of("values", "summary", "main", "constants")) {
            assertEquals(List.of(), problems(file), file);
            assertEquals(0, Tools.run(DIR, "llvm-as", file + ".ll", "-o", "/dev/null").exitCode(), file);
        }
    }

    private static List<FlagVerifier.Problem> problems(String file) throws Exception {
        return FlagVerifier.check(flags(file));
    }

    private static List<ModuleFlag> flags(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(DIR.resolve(file + ".bc"));
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        try (BitcodeLoader loader = new BitcodeLoader()) {
            return loader.load(direct, file).flags();
        }
    }
}
