package dev.ltocheck.cache;

/** A cache file or record that is not what this version of ltocheck writes: it is ignored and rebuilt. */
final class CacheFormatException extends Exception {
    CacheFormatException(String message) {
        super(message);
    }
}
