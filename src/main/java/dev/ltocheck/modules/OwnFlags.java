package dev.ltocheck.modules;

import dev.ltocheck.bitcode.ModuleFlagsDecoder;
import dev.ltocheck.bitcode.SummaryFormatException;
import dev.ltocheck.flags.FlagUpgrade;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.summary.ModuleSummary;

import java.nio.ByteBuffer;
import java.util.List;

/** Module flags from ltocheck's own reader, in the model the C API path produces (upgraded as LLVM would). */
public final class OwnFlags {
    private OwnFlags() {
    }

    public static List<ModuleFlag> read(ByteBuffer bitcode, ModuleSummary summary) throws SummaryFormatException {
        return upgraded(ModuleFlagsDecoder.read(bitcode, summary.symbols().size()));
    }

    /** Flags ltocheck's reader read, upgraded as LLVM upgrades old ones when it reads a module. */
    public static List<ModuleFlag> upgraded(List<ModuleFlag> flags) {
        return FlagUpgrade.apply(flags);
    }
}
