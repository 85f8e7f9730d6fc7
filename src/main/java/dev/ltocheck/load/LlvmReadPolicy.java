package dev.ltocheck.load;

import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which members LLVM reads itself, and whether its reading agrees with ltocheck's. Decided on the
 * whole link in link order, so that the choice depends neither on the thread count nor on the
 * member cache: the representative of a flag set is its first member (its first without debug
 * info, when there is one: libLLVM does not read those in process), and a member the cache has
 * as read by LLVM stands for its flag set as it did in the run that read it.
 */
public final class LlvmReadPolicy {
    private final LlvmReads mode;

    public LlvmReadPolicy(LlvmReads mode) {
        this.mode = mode;
    }

    public LlvmReads mode() {
        return mode;
    }

    /** A member for LLVM to read, and why. */
    public record Read(int index, FlagsReadBy why) {
    }

    /**
     * The members LLVM reads in the first round.
     *
     * @param members the bitcode members in link order (null for other objects)
     */
    public List<Read> firstRound(List<MemberResult.Loaded> members) {
        List<Read> reads = new ArrayList<>();
        if (mode == LlvmReads.ALL) {
            for (int i = 0; i < members.size(); i++) {
                MemberResult.Loaded m = members.get(i);
                if (m != null && needsLlvmForAll(m)) {
                    reads.add(new Read(i, FlagsReadBy.LLVM_ALL));
                }
            }
            return reads;
        }
        // Flag sets LLVM has read already (members from the cache), and the first member of each other.
        Set<List<ModuleFlag>> confirmed = new HashSet<>();
        for (MemberResult.Loaded m : members) {
            if (m != null && m.facts() != null && m.readBy().byLlvm() && m.llvmRefused() == null) {
                confirmed.add(m.flags());
            }
        }
        Map<List<ModuleFlag>, Integer> representatives = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            MemberResult.Loaded m = members.get(i);
            if (m == null || m.llvmRefused() != null || m.readBy().byLlvm()
                    || m.readBy() == FlagsReadBy.LTOCHECK_DEBUG_INFO) {
                continue; // LLVM has had its say on this member, or declined it for its debug info (a cached one)
            }
            if (m.unusual() != null) {
                reads.add(new Read(i, FlagsReadBy.LLVM_UNUSUAL));
            } else if (!confirmed.contains(m.flags())) {
                // The first member of the set, unless it holds debug info (which libLLVM does not
                // read in process) and a later one does not.
                Integer first = representatives.get(m.flags());
                if (first == null || Boolean.TRUE.equals(members.get(first).debugInfo())
                        && Boolean.FALSE.equals(m.debugInfo())) {
                    representatives.put(m.flags(), i);
                }
            }
        }
        representatives.values().forEach(i -> reads.add(new Read(i, FlagsReadBy.LLVM_REPRESENTATIVE)));
        reads.sort(java.util.Comparator.comparingInt(Read::index));
        return reads;
    }

    /**
     * The next members to stand for a flag set whose representative LLVM refused (ltocheck's reader
     * passed it, LLVM did not): the next member of that set in link order, not yet tried.
     *
     * @param tried every member LLVM was asked for so far
     * @param refusedSets flag sets whose every member LLVM was asked for refused
     */
    public List<Read> nextRepresentatives(List<MemberResult.Loaded> members, Set<Integer> tried,
                                          Set<List<ModuleFlag>> refusedSets) {
        Map<List<ModuleFlag>, Integer> next = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            MemberResult.Loaded m = members.get(i);
            if (m != null && !tried.contains(i) && m.unusual() == null && m.llvmRefused() == null
                    && !m.readBy().byLlvm() && m.readBy() != FlagsReadBy.LTOCHECK_DEBUG_INFO
                    && refusedSets.contains(m.flags())) {
                next.putIfAbsent(m.flags(), i);
            }
        }
        return next.values().stream().map(i -> new Read(i, FlagsReadBy.LLVM_REPRESENTATIVE)).toList();
    }

    /** With every member read: those whose facts did not come from LLVM (and were not refused by it). */
    private static boolean needsLlvmForAll(MemberResult.Loaded m) {
        return m.llvmRefused() == null && !m.readBy().byLlvm();
    }

    /**
     * Whether LLVM's facts for a member equal ltocheck's reader's, tree for tree. A member whose
     * flags ltocheck's reader marked unusual is not compared (LLVM names what it could not).
     */
    public static boolean agree(MemberResult.Loaded member, ModuleFacts llvm) {
        return member.unusual() != null || member.facts() == null || member.facts().equals(llvm);
    }
}
