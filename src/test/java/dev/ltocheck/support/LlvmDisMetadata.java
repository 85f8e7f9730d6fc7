package dev.ltocheck.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads expected/module-flags.txt: llvm-dis's metadata lines per member, and gives each member's
 * module flags with numbered node references expanded ({@code !{i32 1, !"k", !{...}}}).
 */
public final class LlvmDisMetadata {
    private static final Pattern NODE = Pattern.compile("^!(\\d+) = (?:distinct )?(!\\{.*})$");
    private static final Pattern REF = Pattern.compile("!(\\d+)(?![\\d\"])");

    private LlvmDisMetadata() {
    }

    /** Key "archive member" (as in the golden's "== archive member" lines) to flag texts. */
    public static Map<String, List<String>> moduleFlags(List<String> lines) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        String member = null;
        List<String> block = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("== ")) {
                if (member != null) {
                    result.put(member, flagsOf(block));
                }
                member = line.substring(3);
                block = new ArrayList<>();
            } else {
                block.add(line);
            }
        }
        if (member != null) {
            result.put(member, flagsOf(block));
        }
        return result;
    }

    private static List<String> flagsOf(List<String> block) {
        Map<String, String> nodes = new HashMap<>();
        String flagsLine = null;
        for (String line : block) {
            Matcher m = NODE.matcher(line);
            if (m.matches()) {
                nodes.put(m.group(1), m.group(2));
            } else if (line.startsWith("!llvm.module.flags = ")) {
                flagsLine = line.substring("!llvm.module.flags = ".length());
            }
        }
        List<String> flags = new ArrayList<>();
        if (flagsLine == null) {
            return flags;
        }
        Matcher refs = REF.matcher(flagsLine);
        while (refs.find()) {
            flags.add(expand(nodes.get(refs.group(1)), nodes, 0));
        }
        return flags;
    }

    private static String expand(String body, Map<String, String> nodes, int depth) {
        if (depth > 16) {
            throw new IllegalStateException("metadata nested too deeply: " + body);
        }
        Matcher m = REF.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(nodes.get(m.group(1)), nodes, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
