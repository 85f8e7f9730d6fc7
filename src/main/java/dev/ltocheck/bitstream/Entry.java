package dev.ltocheck.bitstream;

/** What {@link BitstreamReader#advance()} found next. */
public sealed interface Entry {
    /** The current block ended. */
    record EndBlock() implements Entry {
    }

    /** A nested block begins: enter it or skip it. */
    record SubBlock(int blockId) implements Entry {
    }

    /** A record: read it with {@link BitstreamReader#readRecord}. */
    record Record(int abbrevId) implements Entry {
    }

    EndBlock END_BLOCK = new EndBlock();
}
