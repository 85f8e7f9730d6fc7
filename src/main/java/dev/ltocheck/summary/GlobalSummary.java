package dev.ltocheck.summary;

import java.util.List;

/** One per-module summary record: a function, a variable or an alias defined in the module. */
public sealed interface GlobalSummary {

    long guid();

    /** The IR name (without promotion suffix); empty when only the GUID is known. */
    String name();

    GvFlags flags();

    List<Ref> refs();

    /** A reference to a global; read-only/write-only only in function summaries. */
    record Ref(long guid, boolean readOnly, boolean writeOnly) {
    }

    /**
     * A call edge.
     *
     * @param hotness {@code CalleeInfo::HotnessType}: 0 Unknown, 1 Cold, 2 None, 3 Hot, 4 Critical
     */
    record Call(long guid, int hotness, boolean tail) {
        public static final int UNKNOWN = 0;
        public static final int COLD = 1;
        public static final int NONE = 2;
        public static final int HOT = 3;
        public static final int CRITICAL = 4;
    }

    /**
     * @param fflags {@code FunctionSummary::FFlags}: bit 4 NoInline, bit 5 AlwaysInline, ...
     */
    record Function(long guid, String name, GvFlags flags, int instCount, int fflags, List<Ref> refs,
                    List<Call> calls) implements GlobalSummary {
        public boolean noInline() {
            return (fflags & 0x10) != 0;
        }

        public boolean alwaysInline() {
            return (fflags & 0x20) != 0;
        }
    }

    /**
     * @param varflags bit 0 MaybeReadOnly, bit 1 MaybeWriteOnly, bit 2 Constant
     */
    record Variable(long guid, String name, GvFlags flags, int varflags, List<Ref> refs) implements GlobalSummary {
        public boolean maybeReadOnly() {
            return (varflags & 0x1) != 0;
        }

        public boolean maybeWriteOnly() {
            return (varflags & 0x2) != 0;
        }

        public boolean constant() {
            return (varflags & 0x4) != 0;
        }
    }

    record Alias(long guid, String name, GvFlags flags, long aliaseeGuid) implements GlobalSummary {
        @Override
        public List<Ref> refs() {
            return List.of();
        }
    }
}
