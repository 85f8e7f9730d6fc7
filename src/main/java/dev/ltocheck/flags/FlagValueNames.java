package dev.ltocheck.flags;

import java.util.List;
import java.util.Map;

/** Human names for the values of flags whose numbers encode an enum. */
public final class FlagValueNames {
    // llvm::CodeModel::Model; clang's -mcmodel= spellings. RISC-V medlow/medany map to Small/Medium.
    private static final List<String> CODE_MODELS = List.of("tiny", "small", "kernel", "medium", "large");
    // clang maps RISC-V's -mcmodel=medlow to Small and medany to Medium.
    private static final Map<Long, String> RISCV_CODE_MODELS = Map.of(1L, "medlow", 3L, "medany");
    // llvm::PICLevel / llvm::PIELevel: 1 is -fpic/-fpie ("small"), 2 is -fPIC/-fPIE ("big").
    private static final Map<Long, String> PIC_LEVELS = Map.of(0L, "none", 1L, "small", 2L, "big");

    private FlagValueNames() {
    }

    /**
     * A value for a reader, its name beside LLVM's text: {@code kernel (i32 2)}; plain {@code i32 4}
     * where the name would only repeat the number; a named tuple (ProfileSummary) by its name alone,
     * its fields being for check to say where they differ.
     */
    public static String withLlvmText(String key, FlagValue value, String triple) {
        return withLlvmText(readable(key, value, triple), value.llvmText());
    }

    /** As {@link #withLlvmText(String, FlagValue, String)}, from the two texts. */
    public static String withLlvmText(String readable, String llvmText) {
        if (llvmText.startsWith("!{") && !llvmText.equals(readable)) {
            return readable;
        }
        if (llvmText.equals(readable) || llvmText.endsWith(" " + readable)) {
            return llvmText;
        }
        return readable + " (" + llvmText + ")";
    }

    public static String readable(String key, FlagValue value) {
        return readable(key, value, "");
    }

    /** As {@link #readable(String, FlagValue)}, in the target's own words where it has them. */
    public static String readable(String key, FlagValue value, String triple) {
        if (value instanceof FlagValue.Int i) {
            long v = i.value();
            switch (key) {
                case "Code Model":
                    if (triple.startsWith("riscv") && RISCV_CODE_MODELS.containsKey(v)) {
                        return RISCV_CODE_MODELS.get(v);
                    }
                    if (v >= 0 && v < CODE_MODELS.size()) {
                        return CODE_MODELS.get((int) v);
                    }
                    break;
                case "PIC Level":
                case "PIE Level":
                    if (PIC_LEVELS.containsKey(v)) {
                        return PIC_LEVELS.get(v);
                    }
                    break;
                default:
                    break;
            }
            return Long.toString(v);
        }
        if (value instanceof FlagValue.Str s) {
            return s.text();
        }
        if (key.equals(ProfileSummary.KEY)) {
            return ProfileSummary.of(value).map(ProfileSummary::label).orElse(value.llvmText());
        }
        return value.llvmText();
    }
}
