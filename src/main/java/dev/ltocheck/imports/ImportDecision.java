package dev.ltocheck.imports;

/**
 * What the thin link decided about one callee GUID for one importing module: imported, or the
 * reason it was not, as LLVM 20 keeps it per module in {@code ImportThresholds} and
 * {@code FunctionImporter::ImportFailureInfo} (and prints under {@code -print-import-failures}).
 * Only call edges make decisions: callees the module defines itself are never considered, and
 * variables follow their references without a threshold.
 *
 * @param guid       the callee GUID
 * @param name       its name as the combined index knows it; empty when no module defines it
 *                   (then {@link ImportResult#nameOf} finds the caller's declaration)
 * @param source     the module imported from (index into {@link ImportResult#modules()}), -1 if not imported
 * @param reason     {@link ImportFailureReason#NONE} when imported; otherwise the last candidate's
 *                   reason at the last selection (NONE as well when no module defines the callee)
 * @param threshold  LLVM's {@code ProcessedThreshold}: the largest threshold it was judged against
 * @param size       for a failure, as LLVM prints it: the instruction count of the first summary's
 *                   base object if it is a function, else -1; for an import, the chosen copy's
 * @param maxHotness the hottest call edge among the failed selections ({@code CalleeInfo::HotnessType})
 * @param attempts   failed selections plus edges skipped because they came with no larger threshold
 * @param caller     the function whose call edge set {@code threshold}, with the path to it
 * @param hotness    that edge's hotness: {@code threshold = caller.threshold() x multiplier(hotness)}
 * @param declaredIn a module that names the callee (the caller's): where its name is found when
 *                   no summary has it
 */
public record ImportDecision(long guid, String name, int source, ImportFailureReason reason, long threshold,
                             int size, int maxHotness, int attempts, CallPath caller, int hotness, int declaredIn) {

    public boolean imported() {
        return source >= 0;
    }

    /** {@code getHotnessName}: how LLVM prints a {@code CalleeInfo::HotnessType}. */
    public static String hotnessName(int hotness) {
        return switch (hotness) {
            case 0 -> "unknown";
            case 1 -> "cold";
            case 2 -> "none";
            case 3 -> "hot";
            case 4 -> "critical";
            default -> "hotness " + hotness;
        };
    }
}
