package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.BlockVisitor;
import dev.ltocheck.bitstream.Record;

import static dev.ltocheck.bitcode.BitcodeIds.MODULE_BLOCK;

/**
 * Which blocks belong to a file's first module block. A split LTO unit holds two modules and the
 * second is its regular-LTO part: ThinLTO reads the first, and so does every decoder here. One
 * walk keeps one of these, so that the decoders riding it agree on which module they read.
 */
final class FirstModule {
    private int modulesEntered;

    /** Whether a record of this block is one of the first module's own (MODULE_CODE_*) records. */
    boolean isModuleBlock(int blockId, int parentBlockId) {
        return blockId == MODULE_BLOCK && parentBlockId < 0 && modulesEntered == 1;
    }

    /** Whether a block with this parent is one of the first module's blocks (types, metadata, summary...). */
    boolean isParentOf(int parentBlockId) {
        return parentBlockId == MODULE_BLOCK && modulesEntered == 1;
    }

    /** Whether the walk has met any module block at top level. */
    boolean seen() {
        return modulesEntered > 0;
    }

    /** A visitor that keeps this up to date, and then tells {@code decoders} of each block and record. */
    <E extends Exception> BlockVisitor<E> tracking(BlockVisitor<E> decoders) {
        return new BlockVisitor<>() {
            @Override
            public void enterBlock(int blockId, int parentBlockId) throws E {
                if (blockId == MODULE_BLOCK && parentBlockId < 0) {
                    modulesEntered++;
                }
                decoders.enterBlock(blockId, parentBlockId);
            }

            @Override
            public void exitBlock(int blockId, int parentBlockId) throws E {
                decoders.exitBlock(blockId, parentBlockId);
            }

            @Override
            public void record(int blockId, int parentBlockId, Record record) throws E {
                decoders.record(blockId, parentBlockId, record);
            }
        };
    }
}
