package dev.ltocheck.wrapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the linker wrapper needs of one ld.lld command line, read as lld reads it: whether it is a
 * probe, the output's name and lld's error limit. The shim {@code scripts/ltocheck-ld} makes the
 * same decision without a JVM; this is the decision for {@code ltocheck ld} run directly.
 *
 * @param arguments  the arguments, without the linker's own name
 * @param probe      {@code --version}, {@code -v}, {@code -V} or {@code --help}: kbuild's
 *                   {@code ld-version.sh} and {@code ld-option} probes; lld answers without linking
 * @param output     the output file as given ({@code -o}, {@code --output}; lld's default {@code a.out})
 * @param errorLimit lld's {@code --error-limit} (20 by default; 0: every line)
 */
public record LinkerArguments(List<String> arguments, boolean probe, String output, int errorLimit) {
    /** The output the wrapper checks by default: the kernel's ThinLTO link. */
    public static final Set<String> CHECKED_OUTPUTS = Set.of("vmlinux.o");
    private static final Set<String> PROBES = Set.of("--version", "-version", "-v", "-V", "--help", "-help");
    private static final int LLD_DEFAULT_ERROR_LIMIT = 20;

    public static LinkerArguments parse(List<String> arguments) {
        boolean probe = false;
        String output = "a.out";
        int errorLimit = LLD_DEFAULT_ERROR_LIMIT;
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            String next = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
            if (PROBES.contains(a)) {
                probe = true;
            } else if ((a.equals("-o") || a.equals("--output") || a.equals("-output")) && next != null) {
                output = next;
                i++;
            } else if (a.startsWith("--output=") || a.startsWith("-output=")) {
                output = a.substring(a.indexOf('=') + 1);
            } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("-o=")) {
                output = a.substring(2);
            } else if ((a.equals("--error-limit") || a.equals("-error-limit")) && next != null) {
                errorLimit = limit(next, errorLimit);
                i++;
            } else if (a.startsWith("--error-limit=") || a.startsWith("-error-limit=")) {
                errorLimit = limit(a.substring(a.indexOf('=') + 1), errorLimit);
            }
        }
        return new LinkerArguments(List.copyOf(arguments), probe, output, errorLimit);
    }

    private static int limit(String text, int otherwise) {
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return otherwise; // lld refuses it itself, when it links
        }
    }

    /**
     * Whether the wrapper checks this link before it runs: not a probe, and its output's file name
     * is one of {@code checkedOutputs} ({@code vmlinux.o}; {@code LTOCHECK_LD_OUTPUTS} names others).
     */
    public boolean checked(Set<String> checkedOutputs) {
        if (probe || output.isEmpty()) {
            return false;
        }
        Path name = Path.of(output).getFileName();
        return name != null && checkedOutputs.contains(name.toString());
    }

    /** {@code LTOCHECK_LD_OUTPUTS}, space separated, else {@link #CHECKED_OUTPUTS}. */
    public static Set<String> checkedOutputs(String setting) {
        if (setting == null || setting.isBlank()) {
            return CHECKED_OUTPUTS;
        }
        return Set.of(setting.strip().split("\\s+"));
    }
}
