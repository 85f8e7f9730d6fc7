package dev.ltocheck.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One object offered to the link, with its bytes (a read-only view into a mapped file).
 *
 * <p>A thin archive's member is a file of its own, mapped when its bytes are first asked for: a
 * run that finds a member in the member cache by its stamp never maps it (a kernel has thousands).
 */
public final class InputObject {
    private final ModuleId id;
    private final int linkOrder;
    private final boolean lazy;
    private final ObjectSource source;
    private final Path mapOnUse;
    private volatile ByteBuffer bytes;

    /**
     * @param linkOrder position among the inputs (lld's input order); keeps every report in that order
     * @param lazy      a member of an archive linked without --whole-archive: it joins the link only
     *                  if it defines a symbol that is still undefined
     * @param source    the file the bytes came from, for the member cache; null when the bytes were
     *                  not read from a file
     */
    public InputObject(ModuleId id, ByteBuffer bytes, int linkOrder, boolean lazy, ObjectSource source) {
        this(id, Objects.requireNonNull(bytes), null, linkOrder, lazy, source);
    }

    private InputObject(ModuleId id, ByteBuffer bytes, Path mapOnUse, int linkOrder, boolean lazy, ObjectSource source) {
        this.id = id;
        this.bytes = bytes;
        this.mapOnUse = mapOnUse;
        this.linkOrder = linkOrder;
        this.lazy = lazy;
        this.source = source;
    }

    /**
     * An object that is the whole of {@code file}, mapped when its bytes are first read.
     *
     * @param file the path as the link resolves it ({@code source.file()} is its normalised form)
     */
    static InputObject mappedOnUse(ModuleId id, Path file, int linkOrder, boolean lazy, ObjectSource source) {
        return new InputObject(id, null, file, linkOrder, lazy, source);
    }

    /** Why reading a file failed, in one short phrase (the member or input it belongs to is named by the caller). */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof RegularFile.NotRegularFileException n) {
            return n.kind() + ", not a regular file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public ModuleId id() {
        return id;
    }

    public int linkOrder() {
        return linkOrder;
    }

    public boolean lazy() {
        return lazy;
    }

    public ObjectSource source() {
        return source;
    }

    /**
     * The object's bytes.
     *
     * @throws UncheckedIOException when a file mapped on use cannot be read any more (deleted,
     *                              made unreadable or changed since the inputs were listed)
     */
    public ByteBuffer bytes() {
        ByteBuffer b = bytes;
        if (b == null) {
            synchronized (this) {
                b = bytes;
                if (b == null) {
                    try {
                        b = FileMapper.map(mapOnUse);
                        // The bytes must be those of the file as it was listed: the member cache
                        // decided by that stamp, and the link reads the file as it is.
                        if (!ObjectSource.Stamp.of(mapOnUse).equals(source.stamp())) {
                            throw new IOException("changed since ltocheck listed the inputs");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    bytes = b;
                }
            }
        }
        return b;
    }

    /**
     * Lets go of the mapping of a file mapped on use: once no view of it is left, the collector
     * unmaps it. A kernel's members all mapped at once would add their size (100 MiB) to the
     * run's peak memory, and most are read once. The next {@link #bytes()} maps the file again
     * and checks its stamp again. Objects not mapped on use keep their bytes.
     */
    public void release() {
        if (mapOnUse != null) {
            synchronized (this) {
                bytes = null;
            }
        }
    }

    /** An object whose file is mapped only when its bytes are first read (a thin archive's member). */
    public boolean mappedOnUse() {
        return mapOnUse != null;
    }

    public ObjectFormat format() {
        return ObjectFormat.of(bytes());
    }

    /** Same object, same place in the link, same bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof InputObject other && id.equals(other.id) && linkOrder == other.linkOrder
                && lazy == other.lazy && Objects.equals(source, other.source) && bytes().equals(other.bytes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, linkOrder, lazy, source);
    }

    @Override
    public String toString() {
        return "InputObject[" + id + ", " + (bytes == null ? "not mapped yet" : bytes.limit() + " bytes") + "]";
    }
}
