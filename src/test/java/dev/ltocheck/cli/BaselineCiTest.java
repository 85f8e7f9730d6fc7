package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.support.JsonSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check --baseline / --save-baseline / --fail-on as the README's "In CI" says, on two small links:
 * src/test/resources/silent-change-link (passes; b2.o adopts a.o's 'frame-pointer', a silent
 * change) and src/test/resources/debug-info-link (fails on 'Code Model').
 */
class BaselineCiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SILENT = Path.of("src/test/resources/silent-change-link").toAbsolutePath();
    private static final Path FAILING = Path.of("src/test/resources/debug-info-link").toAbsolutePath();

    @TempDir
    Path dir;

    private String a;
    private String b1;
    private String b2;

    @BeforeEach
    void paths() {
        a = SILENT.resolve("a.o").toString();
        b1 = SILENT.resolve("b1.o").toString();
        b2 = SILENT.resolve("b2.o").toString();
    }

    private static CliRunner.Run check(String... args) {
        List<String> all = new ArrayList<>(List.of("check", "--no-cache"));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    private String save(String name, String... objects) {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("--save-baseline", file.toString()));
        args.addAll(List.of(objects));
        CliRunner.Run saved = check(args.toArray(String[]::new));
        assertTrue(Files.isRegularFile(file), saved.out() + saved.err());
        return file.toString();
    }

    private String[] failing() {
        return new String[]{FAILING.resolve("pie.o").toString(), FAILING.resolve("k1.o").toString(),
                FAILING.resolve("k2.o").toString()};
    }

    private static String[] args(List<String> first, String... objects) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(objects));
        return all.toArray(String[]::new);
    }

    /**
     * ld.lld 20.1.7 links the silent-change sample (its lld-link.txt: no line, exit status 0): check's
     * lines for it are lld's own (none) and it exits 0, the silent change a warning only.
     */
    @Test
    void theSilentChangeLinkPassesAsLldSays() throws IOException {
        List<String> recorded = Files.readAllLines(SILENT.resolve("lld-link.txt"));
        assertEquals("# exit status: 0", recorded.get(recorded.size() - 1));
        List<String> lld = recorded.stream().filter(l -> !l.startsWith("#")).toList();
        CliRunner.Run ours = check("--lld-lines", a, b1, b2);
        assertEquals(0, ours.exitCode(), ours.out() + ours.err());
        assertEquals(lld, ours.out().lines().toList(), ours.err());
    }

    @Test
    void failOnNewCountsOnlyWhatIsNotInTheBaseline() {
        // The silent change is in the baseline: new,warning does not fail on it; warning alone does.
        String withChange = save("with-change.json", a, b1, b2);
        assertEquals(0, check(args(List.of("--baseline", withChange, "--fail-on", "new,warning"), a, b1, b2)).exitCode());
        assertEquals(0, check(args(List.of("--baseline", withChange, "--fail-on", "new"), a, b1, b2)).exitCode());
        assertEquals(1, check(args(List.of("--baseline", withChange, "--fail-on", "warning"), a, b1, b2)).exitCode());
        // A baseline without b2.o: the silent change is new; new,warning fails on it, new alone does not.
        String without = save("without-b2.json", a, b1);
        assertEquals(1, check(args(List.of("--baseline", without, "--fail-on", "new,warning"), a, b1, b2)).exitCode());
        assertEquals(0, check(args(List.of("--baseline", without, "--fail-on", "new"), a, b1, b2)).exitCode());
        // Old failing imports: new (with warning or error) does not fail on them; error does.
        String failing = save("failing.json", failing());
        for (String failOn : List.of("new", "new,warning", "new,error", "new,error,warning")) {
            assertEquals(0, check(args(List.of("--baseline", failing, "--fail-on", failOn), failing())).exitCode(), failOn);
        }
        assertEquals(1, check(args(List.of("--baseline", failing, "--fail-on", "error"), failing())).exitCode());
        // A new failing import fails new: the baseline of pie.o and k1.o lacks k2.o's.
        String twoOfThree = save("two.json", failing()[0], failing()[1]);
        assertEquals(1, check(args(List.of("--baseline", twoOfThree, "--fail-on", "new"), failing())).exitCode());
    }

    @Test
    void aBaselineWithAValueMissingOrNullIsRefusedInOneLine() throws IOException {
        String saved = save("failing.json", failing());
        JsonNode good = MAPPER.readTree(Path.of(saved).toFile());
        assertFalse(good.get("edges").isEmpty(), good.toString());
        List<Damage> damages = List.of(
                new Damage("findings[0].into", j -> ((ObjectNode) j.get("findings").get(0)).putNull("into")),
                new Damage("findings[1].key", j -> ((ObjectNode) j.get("findings").get(1)).remove("key")),
                new Damage("findings[2]", j -> ((ArrayNode) j.get("findings")).set(2, MAPPER.nullNode())),
                new Damage("classes[0]", j -> ((ArrayNode) j.get("classes")).set(0, MAPPER.nullNode())),
                new Damage("classes[1].flags", j -> ((ObjectNode) j.get("classes").get(1)).putNull("flags")),
                new Damage("classes[0].flags.Code Model",
                        j -> ((ObjectNode) j.get("classes").get(0).get("flags")).putNull("Code Model")),
                new Damage("modules[1].name", j -> ((ObjectNode) j.get("modules").get(1)).putNull("name")),
                new Damage("modules[0]", j -> ((ArrayNode) j.get("modules")).set(0, MAPPER.nullNode())),
                new Damage("edges[0].imports[0]", j -> ((ArrayNode) j.get("edges").get(0).get("imports")).set(0, MAPPER.nullNode())),
                new Damage("edges[0].imports", j -> ((ObjectNode) j.get("edges").get(0)).putNull("imports")),
                new Damage("edges[0].from", j -> ((ObjectNode) j.get("edges").get(0)).remove("from")),
                new Damage("lldVersion", j -> ((ObjectNode) j).putNull("lldVersion")));
        for (Damage d : damages) {
            JsonNode broken = good.deepCopy();
            d.apply().accept(broken);
            Path file = dir.resolve("broken.json");
            Files.writeString(file, broken.toString());
            CliRunner.Run run = check(args(List.of("--baseline", file.toString()), failing()));
            assertEquals(2, run.exitCode(), d.path() + ": " + run.err());
            assertEquals(List.of("ltocheck: --baseline " + file + ": " + d.path() + " is missing or null"),
                    run.err().lines().filter(l -> l.contains("--baseline") || l.contains("xception")).toList(), d.path());
            assertTrue(run.out().isEmpty(), run.out());
        }
    }

    private record Damage(String path, Consumer<JsonNode> apply) {
    }

    @Test
    void anIncompleteCheckWritesNoBaseline() throws IOException {
        Path empty = dir.resolve("empty.o");
        Files.write(empty, new byte[0]);
        Path file = dir.resolve("base.json");
        String line = "ltocheck: --save-baseline " + file + " not written: this check is incomplete (some inputs or"
                + " merges could not be read, listed above), and a baseline must cover the whole link";
        // The silent-change link passes: incomplete, it exits 3.
        List<String> objects = new ArrayList<>(List.of(a, b1, b2, empty.toString()));
        CliRunner.Run run = check(args(List.of("--save-baseline", file.toString()), objects.toArray(String[]::new)));
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(List.of(line), run.err().lines().filter(l -> l.contains("--save-baseline")).toList(), run.err());
        assertFalse(Files.exists(file));
        // With --allow-incomplete too; a baseline already there stays as it was.
        Files.writeString(file, "the reference\n");
        run = check(args(List.of("--allow-incomplete", "--save-baseline", file.toString()), objects.toArray(String[]::new)));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(line), run.err().lines().filter(l -> l.contains("--save-baseline")).toList(), run.err());
        assertEquals("the reference\n", Files.readString(file));
        // A failing link, incomplete: exit 1 (the verdict), and no baseline either.
        List<String> failingObjects = new ArrayList<>(List.of(failing()));
        failingObjects.add(empty.toString());
        run = check(args(List.of("--save-baseline", file.toString()), failingObjects.toArray(String[]::new)));
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of(line), run.err().lines().filter(l -> l.contains("--save-baseline")).toList(), run.err());
        assertEquals("the reference\n", Files.readString(file));
        // The complete check writes it.
        assertEquals(0, check(args(List.of("--save-baseline", file.toString()), a, b1, b2)).exitCode());
        assertEquals("ltocheck-baseline", MAPPER.readTree(file.toFile()).get("format").asText());
    }

    @Test
    void aMemberLlvmRefusedButLtocheckReadIsInTheBaseline() throws Exception {
        // b2.o with an attribute LLVM 20 does not know: refused by LLVM (exit 3), read by ltocheck's readers.
        Path refused = dir.resolve("b2.o");
        Files.write(refused, dev.ltocheck.support.NewerProducer.withUnknownAttribute(Files.readAllBytes(Path.of(b2))));
        Path file = dir.resolve("base.json");
        CliRunner.Run run = check("--save-baseline", file.toString(), a, b1, refused.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("LLVM 20.1.7 cannot read this bitcode"), run.err());
        JsonNode saved = MAPPER.readTree(file.toFile());
        assertEquals(List.of(a, b1, refused.toString()), saved.get("modules").findValuesAsText("name"));
        assertEquals(List.of("warning", refused.toString(), a, "frame-pointer"), List.of(
                saved.get("findings").get(0).get("level").asText(), saved.get("findings").get(0).get("into").asText(),
                saved.get("findings").get(0).get("from").asText(), saved.get("findings").get(0).get("key").asText()));
    }

    @Test
    void jsonCarriesTheComparison() throws IOException {
        String without = save("without-b2.json", a, b1);
        CliRunner.Run run = check(args(List.of("--format", "json", "--baseline", without), a, b1, b2));
        JsonNode json = MAPPER.readTree(run.out());
        assertEquals(Set.of(), JsonSchemas.validate("check.schema.json", json));
        JsonNode baseline = json.get("baseline");
        assertEquals(without, baseline.get("file").asText());
        assertEquals(List.of(1, 0, 0), List.of(baseline.get("new").asInt(), baseline.get("unchanged").asInt(),
                baseline.get("gone").asInt()));
        JsonNode f = baseline.get("findings").get(0);
        assertEquals(List.of("warning", b2, a, "frame-pointer", "new"), List.of(f.get("level").asText(),
                f.get("into").asText(), f.get("from").asText(), f.get("flag").asText(), f.get("state").asText()));
        // The same sentence as the text report's.
        CliRunner.Run text = check(args(List.of("--baseline", without), a, b1, b2));
        assertEquals(List.of("new " + "warning: " + b2 + " imports from " + a + " across 'frame-pointer': "
                + f.get("cause").get("text").asText()), text.out().lines().filter(l -> l.startsWith("new ")).toList());
        assertEquals(0, baseline.get("absent").size());

        // Against a baseline with the change: unchanged; against one of another link: gone.
        String withChange = save("with-change.json", a, b1, b2);
        JsonNode same = MAPPER.readTree(check(args(List.of("--format", "json", "--baseline", withChange), a, b1, b2))
                .out()).get("baseline");
        assertEquals("unchanged", same.get("findings").get(0).get("state").asText());
        assertFalse(same.get("findings").get(0).has("cause"));
        JsonNode gone = MAPPER.readTree(check(args(List.of("--format", "json", "--baseline", withChange), a, b1))
                .out()).get("baseline");
        assertEquals(1, gone.get("gone").asInt());
        assertEquals(List.of("warning", b2, a, "frame-pointer"), List.of(gone.get("absent").get(0).get("level").asText(),
                gone.get("absent").get(0).get("into").asText(), gone.get("absent").get(0).get("from").asText(),
                gone.get("absent").get(0).get("flag").asText()));
        // The schema bites: a state it does not name is rejected.
        ObjectNode bogus = json.deepCopy();
        ((ObjectNode) bogus.get("baseline").get("findings").get(0)).put("state", "absent");
        assertFalse(JsonSchemas.validate("check.schema.json", bogus).isEmpty());
        // Without --baseline there is no comparison.
        assertFalse(MAPPER.readTree(check("--format", "json", a, b1, b2).out()).has("baseline"));
    }
}
