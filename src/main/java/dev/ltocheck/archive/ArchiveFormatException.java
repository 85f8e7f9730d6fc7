package dev.ltocheck.archive;

/** The archive's bytes contradict the ar format at a known offset. */
public final class ArchiveFormatException extends Exception {
    private final long offset;

    public ArchiveFormatException(long offset, String message) {
        super(message);
        this.offset = offset;
    }

    /** Byte offset in the archive file where reading stopped. */
    public long offset() {
        return offset;
    }
}
