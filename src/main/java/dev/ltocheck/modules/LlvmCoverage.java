package dev.ltocheck.modules;

import dev.ltocheck.input.InputProblem;
import dev.ltocheck.llvm.FlagsReadBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which members LLVM read itself, and the one step left after the loader: before a finding is
 * printed, LLVM reads every module it names. If LLVM and ltocheck's reader ever disagree on one,
 * LLVM reads every member, and from then on the module set holds LLVM's facts only.
 */
public final class LlvmCoverage {

    /** Reads modules through LLVM, in link order; a module LLVM refuses comes back with {@code llvmRefused}. */
    public interface Reader {
        Reading read(List<LoadedObject.BitcodeModule> modules, FlagsReadBy why);
    }

    /**
     * What a {@link Reader} gave back.
     *
     * @param modules  the modules asked for, as LLVM read them
     * @param recalled how many of them LLVM was not asked for again: the member cache has them as
     *                 read by LLVM, with the same facts, when an earlier run's finding named them
     */
    public record Reading(List<LoadedObject.BitcodeModule> modules, int recalled) {
        public static Reading read(List<LoadedObject.BitcodeModule> modules) {
            return new Reading(modules, 0);
        }
    }

    /**
     * The modules findings named that LLVM had not read while loading.
     *
     * @param read     how many LLVM read (or refused) in this run; not those it declined for their
     *                 debug information
     * @param recalled how many the member cache had as LLVM read and agreed with in an earlier run
     */
    public record FindingReads(int read, int recalled) {
    }

    /**
     * The run's problems, in link order, given its bitcode modules as they stand: a module LLVM
     * refused when a finding named it is one line among them, where it would have been had LLVM
     * read it while loading ({@code --llvm-reads all}).
     */
    public interface Problems {
        List<InputProblem> of(List<LoadedObject.BitcodeModule> bitcode);
    }

    private final boolean all;
    private final Reader reader;
    private final Problems problems;
    private String disagreement;
    private List<LoadedObject.BitcodeModule> replaced;
    private int findingsAsked;
    private int findingsRecalled;

    /**
     * @param all          whether every member was to be read through LLVM (--llvm-reads all)
     * @param disagreement the member on which LLVM and ltocheck's reader disagreed while loading, or null
     * @param reader       LLVM, for the modules findings name
     */
    public LlvmCoverage(boolean all, String disagreement, Reader reader, Problems problems) {
        this.all = all;
        this.disagreement = disagreement;
        this.reader = reader;
        this.problems = problems;
    }

    /** Facts as they were read: nothing more for LLVM to do. */
    public static LlvmCoverage asRead() {
        return new LlvmCoverage(true, null, (modules, why) -> Reading.read(modules), null);
    }

    /** The problems as loaded, or, once LLVM has read the modules findings name, as they stand now. */
    synchronized List<InputProblem> problems(List<LoadedObject.BitcodeModule> loaded, List<InputProblem> asLoaded) {
        return replaced == null || problems == null ? asLoaded : problems.of(replaced);
    }

    synchronized List<LoadedObject.BitcodeModule> current(List<LoadedObject.BitcodeModule> loaded) {
        return replaced != null ? replaced : loaded;
    }

    /**
     * LLVM reads the modules of {@code named} it has not read yet.
     *
     * @return the line to print when LLVM and ltocheck's reader disagreed on one (then LLVM read
     *         every member, and the findings must be made again from LLVM's facts)
     */
    synchronized Optional<String> confirm(List<LoadedObject.BitcodeModule> loaded, Set<String> named) {
        List<LoadedObject.BitcodeModule> modules = new ArrayList<>(current(loaded));
        List<Integer> unread = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            LoadedObject.BitcodeModule m = modules.get(i);
            if (named.contains(m.id().lldName()) && !m.readBy().byLlvm() && m.llvmRefused() == null) {
                unread.add(i);
            }
        }
        if (unread.isEmpty()) {
            return Optional.empty();
        }
        Reading reading = reader.read(unread.stream().map(modules::get).toList(), FlagsReadBy.LLVM_FINDING);
        List<LoadedObject.BitcodeModule> read = reading.modules();
        findingsRecalled += reading.recalled();
        // LLVM read (or refused) these; those it declined for their debug information it did not.
        findingsAsked += (int) read.stream().filter(m -> m.readBy().byLlvm() || m.llvmRefused() != null).count()
                - reading.recalled();
        String disagreed = null;
        for (int k = 0; k < unread.size(); k++) {
            LoadedObject.BitcodeModule ours = modules.get(unread.get(k));
            LoadedObject.BitcodeModule llvms = read.get(k);
            if (llvms.llvmRefused() == null && !llvms.facts().equals(ours.facts()) && disagreed == null) {
                disagreed = ours.id().lldName();
            }
            modules.set(unread.get(k), llvms);
        }
        if (disagreed == null) {
            replaced = List.copyOf(modules);
            return Optional.empty();
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            if (!modules.get(i).readBy().byLlvm() && modules.get(i).llvmRefused() == null) {
                rest.add(i);
            }
        }
        List<LoadedObject.BitcodeModule> all = reader.read(rest.stream().map(modules::get).toList(), FlagsReadBy.LLVM_ALL)
                .modules();
        for (int k = 0; k < rest.size(); k++) {
            modules.set(rest.get(k), all.get(k));
        }
        replaced = List.copyOf(modules);
        disagreement = disagreed;
        return Optional.of(disagreementLine(disagreed));
    }

    /** What became of the modules findings named, over every {@link #confirm} of the run. */
    synchronized FindingReads findingReads() {
        return new FindingReads(findingsAsked, findingsRecalled);
    }

    /** What is said of the member LLVM and ltocheck's reader disagree on; LLVM then reads everything. */
    public static final String DISAGREEMENT = "LLVM and ltocheck's own flag reader disagree on this member's module"
            + " flags (a bug in ltocheck): every member is read through LLVM, and the report is LLVM's";

    public static String disagreementLine(String member) {
        return member + ": " + DISAGREEMENT;
    }

    /**
     * How many members LLVM read, and why.
     *
     * @param disagreement the member LLVM and ltocheck's reader disagreed on, or null
     */
    /** @param debugInfo members LLVM was to read but did not, for their debug information (never read in process) */
    public record Counts(int members, int representatives, int unusual, int findings, int all, int refused,
                         int debugInfo, boolean allAsked, String disagreement) {
        public int byLlvm() {
            return representatives + unusual + findings + all;
        }
    }

    synchronized Counts counts(List<LoadedObject.BitcodeModule> loaded) {
        int[] by = new int[FlagsReadBy.values().length];
        int refused = 0;
        List<LoadedObject.BitcodeModule> modules = current(loaded);
        for (LoadedObject.BitcodeModule m : modules) {
            if (m.llvmRefused() != null) {
                refused++;
            } else {
                by[m.readBy().ordinal()]++;
            }
        }
        return new Counts(modules.size(), by[FlagsReadBy.LLVM_REPRESENTATIVE.ordinal()],
                by[FlagsReadBy.LLVM_UNUSUAL.ordinal()], by[FlagsReadBy.LLVM_FINDING.ordinal()],
                by[FlagsReadBy.LLVM_ALL.ordinal()], refused, by[FlagsReadBy.LTOCHECK_DEBUG_INFO.ordinal()], all,
                disagreement);
    }
}
