package dev.ltocheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.input.InputProblem;
import dev.ltocheck.input.ModuleId;

import java.io.PrintWriter;
import java.util.List;

/** Shared pieces of every JSON report: the envelope, module identities, problems. */
public final class JsonOutput {
    /** Bumped when a field changes meaning or disappears; additions keep the version. */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A SARIF 2.1.0 log with one run of ltocheck; rules are (id, name, description) triples. Returns the run. */
    static ObjectNode sarifRun(ObjectNode root, String[]... rules) {
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ltocheck");
        driver.put("informationUri", "https://github.com/ltocheck/ltocheck");
        ArrayNode ruleArray = driver.putArray("rules");
        for (String[] rule : rules) {
            ObjectNode node = ruleArray.addObject();
            node.put("id", rule[0]);
            node.put("name", rule[1]);
            node.putObject("shortDescription").put("text", rule[2]);
        }
        return run;
    }

    /** A SARIF result located at a source file. */
    static void sarifResult(ArrayNode results, String ruleId, String level, String text, String uri) {
        ObjectNode result = results.addObject();
        result.put("ruleId", ruleId);
        result.put("level", level);
        result.putObject("message").put("text", text);
        result.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                .put("uri", uri);
    }

    static ObjectNode envelope(String command) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "ltocheck");
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("command", command);
        return root;
    }

    static ObjectNode identity(ModuleId id) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("lldName", id.lldName());
        node.put("path", id.path());
        if (id.inArchive()) {
            node.put("archive", id.archive());
            node.put("member", id.member());
            node.put("offset", id.offset());
        }
        return node;
    }

    /** A module, the same object in every command: its identity and, when known, its source file. */
    static ObjectNode module(ModuleId id, String sourceFilename) {
        ObjectNode node = identity(id);
        if (sourceFilename != null) {
            node.put("sourceFilename", sourceFilename);
        }
        return node;
    }

    /** A flag value, the same object in every command: LLVM's text and the user's word for it; null when absent. */
    static com.fasterxml.jackson.databind.JsonNode flagValue(String text, String readable) {
        if (text == null) {
            return MAPPER.nullNode();
        }
        return MAPPER.createObjectNode().put("text", text).put("readable", readable == null ? text : readable);
    }

    /** A symbol, the same object in every command: its name, and the name ThinLTO promoted it to when different. */
    static ObjectNode symbol(String name, String promoted) {
        ObjectNode node = MAPPER.createObjectNode().put("name", name);
        if (promoted != null && !promoted.equals(name)) {
            node.put("promoted", promoted);
        }
        return node;
    }

    static ArrayNode problems(List<InputProblem> problems) {
        ArrayNode array = MAPPER.createArrayNode();
        for (InputProblem p : problems) {
            array.addObject().put("subject", p.subject()).put("message", p.message());
        }
        return array;
    }

    static void print(ObjectNode root, PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree we built", e);
        }
    }
}
