package dev.ltocheck.modules;

import dev.ltocheck.flags.FlagUpgrade;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.summary.FlagMetadataReader;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.summary.RawModuleFlag;
import dev.ltocheck.summary.SummaryFormatException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Module flags from ltocheck's own reader, in the model the C API path produces (upgraded as LLVM would). */
public final class OwnFlags {
    private OwnFlags() {
    }

    public static List<ModuleFlag> read(ByteBuffer bitcode, ModuleSummary summary) throws SummaryFormatException {
        List<ModuleFlag> flags = new ArrayList<>();
        for (RawModuleFlag raw : FlagMetadataReader.read(bitcode, summary.symbols().size())) {
            FlagValue value = raw.bits() > 0 ? new FlagValue.IntValue(raw.bits(), raw.integer())
                    : raw.string() != null ? new FlagValue.StringValue(raw.string())
                    : new FlagValue.NodeValue(raw.text());
            flags.add(new ModuleFlag(raw.behavior(), raw.key(), value));
        }
        return FlagUpgrade.apply(flags);
    }
}
