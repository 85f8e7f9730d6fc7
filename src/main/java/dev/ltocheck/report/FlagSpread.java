package dev.ltocheck.report;

import dev.ltocheck.modules.LoadedObject.BitcodeModule;

import java.util.List;

/**
 * How one flag key is spread over the bitcode modules.
 *
 * @param key    the flag's key
 * @param groups one group per distinct (behaviour, value) or absence, largest first
 */
public record FlagSpread(String key, List<FlagGroup> groups) {

    /** Present with the same behaviour and value in every module. */
    public boolean uniform() {
        return groups.size() == 1 && !groups.get(0).absent();
    }

    /**
     * Modules sharing one state of a flag.
     *
     * @param behavior IR behaviour number, 0 when the flag is absent
     * @param value    LLVM's text of the value ({@code i32 2}), null when absent
     * @param readable a recognisable name for the value ({@code kernel}), {@code absent} when absent
     */
    public record FlagGroup(int behavior, String value, String readable, List<BitcodeModule> modules) {
        public boolean absent() {
            return value == null;
        }
    }
}
