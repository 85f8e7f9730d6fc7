package dev.ltocheck.wrapper;

import dev.ltocheck.input.LinkLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One ld.lld command line as the linker wrapper sees it: the arguments exactly as given, and what
 * {@link LinkLine} (the one reader of lld's arguments) reads of them. The shim
 * {@code scripts/ltocheck-ld} makes the same decision without a JVM; this is the decision for
 * {@code ltocheck ld} run directly.
 *
 * @param arguments the arguments, without the linker's own name
 * @param line      what lld makes of them
 */
public record LinkerArguments(List<String> arguments, LinkLine line) {
    /** The output the wrapper checks by default: the kernel's ThinLTO link. */
    public static final Set<String> CHECKED_OUTPUTS = Set.of("vmlinux.o");

    public LinkerArguments {
        arguments = List.copyOf(arguments);
    }

    public static LinkerArguments parse(List<String> arguments) {
        return new LinkerArguments(arguments, LinkLine.parse(arguments, "the ld.lld arguments"));
    }

    /** {@code --version}, {@code -v}, {@code -V} or {@code --help}: lld answers without linking. */
    public boolean probe() {
        return line.probe();
    }

    /** The output file as given ({@code a.out} when none is). */
    public String output() {
        return line.output();
    }

    /** lld's {@code --error-limit} (20 by default; 0: every line). */
    public int errorLimit() {
        return line.errorLimit();
    }

    /**
     * Whether the wrapper checks this link before it runs: not a probe, and its output's file name
     * is one of {@code checkedOutputs} ({@code vmlinux.o}; {@code LTOCHECK_LD_OUTPUTS} names others).
     */
    public boolean checked(Set<String> checkedOutputs) {
        if (probe() || output().isEmpty()) {
            return false;
        }
        Path name = Path.of(output()).getFileName();
        return name != null && checkedOutputs.contains(name.toString());
    }

    /**
     * {@code LTOCHECK_LD_OUTPUTS}, space separated, else {@link #CHECKED_OUTPUTS}. A name given twice
     * counts once ({@code Set.of} would throw on it, and the wrapper would link unchecked).
     */
    public static Set<String> checkedOutputs(String setting) {
        if (setting == null || setting.isBlank()) {
            return CHECKED_OUTPUTS;
        }
        return Set.copyOf(List.of(setting.strip().split("\\s+")));
    }
}
