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
            node.set("value", encode(f.value()));
        }
        return MAPPER.writeValueAsBytes(root);
    }

    // A tree is bounded (FlagValue.Limits), so is this recursion.
    private static JsonNode encode(FlagValue value) {
        ObjectNode node = MAPPER.createObjectNode();
        if (value instanceof FlagValue.Int i) {
            node.put("kind", "int").put("width", i.width()).put("value", i.value());
        } else if (value instanceof FlagValue.Str s) {
            node.put("kind", "string").put("bytes", s.bytes());
        } else if (value instanceof FlagValue.Node n) {
            ArrayNode ops = node.put("kind", "node").putArray("operands");
            n.operands().forEach(op -> ops.add(encode(op)));
        } else if (value instanceof FlagValue.Null) {
            node.put("kind", "null");
        } else if (value instanceof FlagValue.Constant c) {
            node.put("kind", "constant").put("text", c.text());
        } else if (value instanceof FlagValue.Damaged d) {
            node.put("kind", "damaged").put("why", d.why());
        }
        return node;
    }

    static ModuleFacts decode(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        List<ModuleFlag> flags = new ArrayList<>();
        for (JsonNode f : root.get("flags")) {
            flags.add(new ModuleFlag(f.get("behavior").asInt(), f.get("key").asText(), decode(f.get("value"), 0)));
        }
        return new ModuleFacts(root.get("sourceFilename").asText(), root.get("triple").asText(), List.copyOf(flags));
    }

    private static FlagValue decode(JsonNode node, int depth) throws IOException {
        if (depth > FlagValue.Limits.MAX_DEPTH) {
            throw new IOException("flag value nested deeper than " + FlagValue.Limits.MAX_DEPTH);
        }
        switch (node.get("kind").asText()) {
            case "int" -> {
                return new FlagValue.Int(node.get("width").asInt(), node.get("value").asLong());
            }
            case "string" -> {
                return new FlagValue.Str(node.get("bytes").binaryValue());
            }
            case "node" -> {
                List<FlagValue> ops = new ArrayList<>();
                for (JsonNode op : node.get("operands")) {
                    ops.add(decode(op, depth + 1));
                }
                return new FlagValue.Node(ops);
            }
            case "null" -> {
                return new FlagValue.Null();
            }
            case "constant" -> {
                return new FlagValue.Constant(node.get("text").asText());
            }
            case "damaged" -> {
                return new FlagValue.Damaged(node.get("why").asText());
            }
            default -> throw new IOException("unknown flag value kind " + node.get("kind"));
        }
    }
}
