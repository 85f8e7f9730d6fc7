package dev.ltocheck.cache;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A cached member's summary records or symbols, or a recalled thin link's import decisions,
 * decoded from the cache file's bytes when first read. A run that recalls its thin link reads few members' summaries (the report names only the
 * modules it is about), and decoding every member was most of such a run.
 *
 * <p>The bytes have passed the file's CRC and fingerprint checks by then, and the codec checked
 * their enum codes when it recalled the member; a decoding failure here is an ltocheck bug, not
 * damage, and is thrown as such. Thread-safe.
 */
final class DecodedOnUse<T> extends AbstractList<T> implements RandomAccess {
    /** Decodes exactly {@code count} elements, and exactly all of {@code bytes}. */
    interface Decoder<T> {
        List<T> decode(ByteBuffer bytes, int count) throws CacheFormatException;
    }

    private final ByteBuffer bytes;
    private final int count;
    private final Decoder<T> decoder;
    private volatile List<T> decoded;

    DecodedOnUse(ByteBuffer bytes, int count, Decoder<T> decoder) {
        this.bytes = bytes;
        this.count = count;
        this.decoder = decoder;
    }

    @Override
    public T get(int index) {
        return decoded().get(index);
    }

    @Override
    public int size() {
        return count;
    }

    private List<T> decoded() {
        List<T> list = decoded;
        if (list == null) {
            synchronized (this) {
                list = decoded;
                if (list == null) {
                    try {
                        list = decoder.decode(bytes.duplicate(), count);
                    } catch (CacheFormatException | RuntimeException e) {
                        throw new IllegalStateException("a cache entry that passed its checks does not decode: " + e, e);
                    }
                    if (list.size() != count) {
                        throw new IllegalStateException("a cache entry decodes to " + list.size() + " elements, not " + count);
                    }
                    decoded = list;
                }
            }
        }
        return list;
    }
}
