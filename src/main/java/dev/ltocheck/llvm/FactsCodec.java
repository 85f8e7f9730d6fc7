package dev.ltocheck.llvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Module facts as JSON, between an isolated worker and the process that asked. */
final class FactsCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FactsCodec() {
    }

    static byte[] encode(ModuleFacts facts) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("sourceFilename", facts.sourceFilename());
        root.put("triple", facts.triple());
        ArrayNode flags = root.putArray("flags");
        for (ModuleFlag f : facts.flags()) {
            ObjectNode node = flags.addObject().put("behavior", f.behavior()).put("key", f.key());
            if (f.value() instanceof FlagValue.IntValue i) {
                node.put("kind", "int").put("bits", i.bits()).put("value", i.value());
            } else if (f.value() instanceof FlagValue.StringValue s) {
                node.put("kind", "string").put("text", s.text());
            } else {
                node.put("kind", "node").put("text", f.value().llvmText());
            }
        }
        return MAPPER.writeValueAsBytes(root);
    }

    static ModuleFacts decode(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        List<ModuleFlag> flags = new ArrayList<>();
        for (JsonNode f : root.get("flags")) {
            FlagValue value = switch (f.get("kind").asText()) {
                case "int" -> new FlagValue.IntValue(f.get("bits").asInt(), f.get("value").asLong());
                case "string" -> new FlagValue.StringValue(f.get("text").asText());
                default -> new FlagValue.NodeValue(f.get("text").asText());
            };
            flags.add(new ModuleFlag(f.get("behavior").asInt(), f.get("key").asText(), value));
        }
        return new ModuleFacts(root.get("sourceFilename").asText(), root.get("triple").asText(), List.copyOf(flags));
    }
}
