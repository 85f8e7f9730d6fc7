package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.BitstreamException;
import dev.ltocheck.bitstream.BlockVisitor;
import dev.ltocheck.bitstream.Record;
import dev.ltocheck.bitstream.StructureWalk;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.summary.ModuleSummary;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A module ltocheck's own readers passed.
 *
 * @param flags        its module flags as ltocheck's decoder read them in the same pass (not yet
 *                     upgraded as LLVM upgrades old ones), or null when they are unreadable
 * @param flagsProblem why they are unreadable, or null
 * @param debugInfo    whether its module metadata holds debug-info records: LLVM's reader of those
 *                     casts operands to the kinds it expects without checking, so any damage
 *                     there crashes it (fuzzing found three such crashes within 120,000 inputs,
 *                     each in another place); ltocheck does not give them to libLLVM in process
 */
public record CheckedModule(ModuleSummary summary, boolean debugInfo, List<ModuleFlag> flags, String flagsProblem) {

    /**
     * Reads the summary and the module flags and runs the safety check in one walk over every
     * block LLVM's lazy loader reads: what the member loader gives LLVM has been walked, checked
     * and read at once (one pass, not three: the walk is most of a cold run's CPU time).
     *
     * @param skip which block ids to jump over by their length, as LLVM's lazy loader does
     * @throws BitstreamException     when the structure is damaged
     * @throws SummaryFormatException when the records are not what LLVM would accept
     */
    public static CheckedModule read(ByteBuffer bitcode, IntPredicate skip)
            throws BitstreamException, SummaryFormatException {
        FirstModule first = new FirstModule();
        SummaryDecoder summary = new SummaryDecoder(first);
        ModuleTables tables = new ModuleTables();
        LlvmSafetyCheck safety = new LlvmSafetyCheck(tables);
        BlockVisitor<SummaryFormatException> summaryRecords = summary.visitor();
        StructureWalk.walk(bitcode, skip, first.tracking(new BlockVisitor<SummaryFormatException>() {
            @Override
            public void enterBlock(int blockId, int parentBlockId) throws SummaryFormatException {
                summaryRecords.enterBlock(blockId, parentBlockId);
            }

            @Override
            public void record(int blockId, int parentBlockId, Record record) throws SummaryFormatException {
                summaryRecords.record(blockId, parentBlockId, record);
                if (first.isParentOf(parentBlockId)) {
                    safety.record(blockId, record); // before the tables: it judges a record by what precedes it
                    tables.record(blockId, record);
                }
            }
        }));
        ModuleSummary result = summary.resolve();
        int globals = result.symbols().size();
        safety.check(globals);
        try {
            return new CheckedModule(result, tables.hasDebugInfo(), ModuleFlagsDecoder.decode(tables, globals), null);
        } catch (SummaryFormatException e) {
            return new CheckedModule(result, tables.hasDebugInfo(), null, e.getMessage());
        }
    }
}
