package dev.ltocheck.kbuild;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compile option an arch Makefile adds to {@code KBUILD_CFLAGS} only under one CONFIG_ symbol,
 * as Linux's arch/riscv/Makefile adds {@code -mcmodel=medlow} under {@code CONFIG_CMODEL_MEDLOW}
 * and {@code -mcmodel=medany} under {@code CONFIG_CMODEL_MEDANY}: the option follows a Kconfig choice.
 * The Makefile is scanned as text (the options written out, not built from variables).
 *
 * @param symbol the CONFIG_ symbol, with its prefix
 * @param option the compile option
 * @param line   1-based line of the assignment
 */
public record ConfigChoice(String symbol, String option, int line) {
    private static final Pattern IFEQ_Y = Pattern.compile("^\\s*ifeq\\s*\\(\\s*\\$\\((CONFIG_\\w+)\\)\\s*,\\s*y\\s*\\).*");
    private static final Pattern IFNEQ_EMPTY = Pattern.compile("^\\s*ifneq\\s*\\(\\s*\\$\\((CONFIG_\\w+)\\)\\s*,\\s*\\).*");
    private static final Pattern IFDEF = Pattern.compile("^\\s*ifdef\\s+(CONFIG_\\w+)\\s*(#.*)?$");
    private static final Pattern CFLAGS = Pattern.compile("^\\s*KBUILD_CFLAGS\\s*(\\+|:)?=(.*)$");

    /** Every option added to KBUILD_CFLAGS inside a conditional on one CONFIG_ symbol being set. */
    public static List<ConfigChoice> scan(List<String> lines) {
        List<ConfigChoice> out = new ArrayList<>();
        // The symbol each open conditional's current branch requires (empty: another condition).
        Deque<String> open = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String word = line.strip().split("\\s+", 2)[0];
            Matcher m;
            if ((m = IFEQ_Y.matcher(line)).matches() || (m = IFNEQ_EMPTY.matcher(line)).matches()
                    || (m = IFDEF.matcher(line)).matches()) {
                open.push(m.group(1));
            } else if (List.of("ifeq", "ifneq", "ifdef", "ifndef").contains(word)) {
                open.push("");
            } else if (word.equals("else") && !open.isEmpty()) {
                open.pop();
                open.push("");
            } else if (word.equals("endif") && !open.isEmpty()) {
                open.pop();
            } else if ((m = CFLAGS.matcher(line)).matches() && !open.isEmpty() && !open.peek().isEmpty()) {
                StringBuilder value = new StringBuilder(m.group(2));
                int first = i;
                while (value.toString().endsWith("\\") && i + 1 < lines.size()) {
                    value.setLength(value.length() - 1);
                    value.append(' ').append(lines.get(++i));
                }
                String text = value.toString().replaceAll("#.*", "");
                for (String option : text.strip().split("\\s+")) {
                    if (option.startsWith("-")) {
                        out.add(new ConfigChoice(open.peek(), option, first + 1));
                    }
                }
            }
        }
        return out;
    }
}
