package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One JSON vocabulary: every command's JSON validates against its schema (schemaVersion 2), every
 * schema defines module, flag value and symbol identically, and every SARIF log validates against
 * the OASIS SARIF 2.1.0 schema.
 */
class JsonVocabularyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SCHEMAS = List.of("check", "explain", "flags", "imports", "sections");

    @TempDir
    Path dir;

    private static String cmd(String scenario) {
        return Samples.dir(scenario).resolve(".vmlinux.o.cmd").toString();
    }

    private String log(String scenario) throws IOException {
        Path file = dir.resolve(scenario + ".log");
        Files.write(file, Samples.lldErrors(scenario));
        return file.toString();
    }

    @ParameterizedTest
    @CsvSource({"check,x86-pie", "check,full-lto", "check,stack-align", "check,clean", "check,riscv-medany",
            "explain,x86-pie", "explain,full-lto", "flags,x86-pie", "imports,x86-pie", "sections,x86-pitext",
            "sections,x86-pie"})
    void everyCommandsJsonMatchesItsSchema(String command, String scenario) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--format", "json", "--link-cmd", cmd(scenario)));
        if (command.equals("explain")) {
            args.add(1, log(scenario));
        }
        CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
        JsonNode json = MAPPER.readTree(run.out());
        Set<ValidationMessage> errors = JsonSchemas.validate(command + ".schema.json", json);
        assertTrue(errors.isEmpty(), () -> errors + "\n" + run.out());
        assertEquals(2, json.get("schemaVersion").asInt());
        assertEquals(command, json.get("command").asText());
        assertTrue(json.get("coverage").get("complete").asBoolean(), run.out());
    }

    @Test
    void everySchemaDefinesModuleFlagValueAndSymbolAlike() throws IOException {
        JsonNode first = null;
        for (String name : SCHEMAS) {
            try (InputStream in = getClass().getResourceAsStream("/dev/ltocheck/schema/" + name + ".schema.json")) {
                JsonNode schema = MAPPER.readTree(in);
                assertEquals(2, schema.get("properties").get("schemaVersion").get("const").asInt(), name);
                JsonNode defs = schema.get("$defs");
                for (String shared : List.of("module", "flagValue", "symbol", "problems", "coverage")) {
                    assertTrue(defs.has(shared), name + " lacks " + shared);
                    if (first != null) {
                        assertEquals(first.get(shared), defs.get(shared), name + ": " + shared);
                    }
                }
                first = first == null ? defs : first;
            }
        }
    }

    /** The same module, flag value and symbol read the same way from check, imports and flags. */
    @Test
    void theSameThingsHaveTheSameShapeAcrossCommands() throws IOException {
        JsonNode check = MAPPER.readTree(CliRunner.run("check", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        JsonNode imports = MAPPER.readTree(CliRunner.run("imports", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        JsonNode flags = MAPPER.readTree(CliRunner.run("flags", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        JsonNode checkModule = check.get("errors").get(0).get("from");
        JsonNode importsModule = null;
        for (JsonNode m : imports.get("modules")) {
            if (m.get("lldName").equals(checkModule.get("lldName"))) {
                importsModule = m;
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode withoutValue = checkModule.deepCopy();
        withoutValue.remove("value");
        assertEquals(importsModule, withoutValue);
        JsonNode flagsValue = null;
        for (JsonNode m : flags.get("modules")) {
            if (m.get("lldName").equals(checkModule.get("lldName"))) {
                for (JsonNode f : m.get("flags")) {
                    if (f.get("key").asText().equals("Code Model")) {
                        flagsValue = f.get("value");
                    }
                }
            }
        }
        assertEquals(flagsValue, checkModule.get("value"));
        assertEquals(imports.get("imports").get(0).get("symbol").getNodeType(),
                check.get("errors").get(0).get("imports").get(0).get("symbol").getNodeType());
        assertFalse(check.get("errors").get(0).get("imports").get(0).has("promoted"));
    }

    /** The schemas bite: version 1's shapes (a flag value as a string, a symbol as a string) are rejected. */
    @Test
    void versionOneShapesAreRejected() throws IOException {
        JsonNode json = MAPPER.readTree(CliRunner.run("check", "--format", "json", "--link-cmd", cmd("x86-pie")).out());
        com.fasterxml.jackson.databind.node.ObjectNode value = json.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) value.get("causes").get(0)).put("value", "small (i32 1)");
        assertFalse(JsonSchemas.validate("check.schema.json", value).isEmpty());
        com.fasterxml.jackson.databind.node.ObjectNode symbol = json.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) symbol.get("errors").get(0).get("imports").get(0))
                .put("symbol", "memory_pfn_valid");
        assertFalse(JsonSchemas.validate("check.schema.json", symbol).isEmpty());
        com.fasterxml.jackson.databind.node.ObjectNode module = json.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) module.get("errors").get(0)).put("into", "vmlinux.a(head64.o at 724)");
        assertFalse(JsonSchemas.validate("check.schema.json", module).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"check,x86-pie", "check,stack-align", "check,full-lto", "explain,x86-pie", "sections,x86-pitext"})
    void everySarifLogIsValidSarif210(String command, String scenario) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--format", "sarif", "--link-cmd", cmd(scenario)));
        if (command.equals("explain")) {
            args.add(1, log(scenario));
        }
        JsonNode sarif = MAPPER.readTree(CliRunner.run(args.toArray(String[]::new)).out());
        try (InputStream schema = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(schema).validate(sarif);
            assertTrue(errors.isEmpty(), errors::toString);
        }
        assertEquals("2.1.0", sarif.get("version").asText());
    }

    @Test
    void explainJsonMatchesTheLogsLinesToPairs() throws IOException {
        Path file = dir.resolve("build.log");
        Files.write(file, Samples.golden("x86-pie", "lld-link-default-limit.txt"));
        JsonNode json = MAPPER.readTree(CliRunner.run("explain", file.toString(), "--format", "json", "--link-cmd",
                cmd("x86-pie")).out());
        JsonNode log = json.get("log");
        assertEquals(20, log.get("errorLines").asInt());
        assertEquals(0, log.get("unmatched").asInt());
        assertEquals(2, log.get("notInLog").size());
        assertEquals(5, json.get("causes").size());
    }
}
