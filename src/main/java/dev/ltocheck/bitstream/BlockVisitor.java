package dev.ltocheck.bitstream;

/**
 * What a reader wants to hear of a {@link StructureWalk}: blocks opening and closing, and each
 * record with the block it is in. Records of one walk reach every visitor in stream order, so
 * several readers share one pass over the bytes.
 *
 * @param <E> what the visitor throws when the content (not the structure) is wrong
 */
public interface BlockVisitor<E extends Exception> {

    /** @param parentBlockId the enclosing block, -1 at top level */
    default void enterBlock(int blockId, int parentBlockId) throws E {
    }

    default void exitBlock(int blockId, int parentBlockId) throws E {
    }

    /** The record is reused for the next one: copy what must outlive the call. */
    void record(int blockId, int parentBlockId, Record record) throws E;
}
