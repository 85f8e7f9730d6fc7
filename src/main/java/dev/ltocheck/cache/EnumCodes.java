package dev.ltocheck.cache;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The byte an enum is stored as in a cache file, fixed by a table rather than by the order the
 * enum happens to declare its constants in. A code no table has is damage: the entry is not used.
 */
final class EnumCodes<E extends Enum<E>> {
    private final Class<E> type;
    private final Object[] byCode;
    private final EnumMap<E, Byte> codeOf;

    /** @param codes a code from 0 to 127 for every constant of {@code type}, no two alike */
    EnumCodes(Class<E> type, Map<E, Integer> codes) {
        this.type = type;
        EnumSet<E> uncoded = EnumSet.allOf(type);
        uncoded.removeAll(codes.keySet());
        if (!uncoded.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no cache code for " + uncoded);
        }
        int largest = codes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (largest > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(type.getSimpleName() + ": code " + largest);
        }
        byCode = new Object[largest + 1];
        codeOf = new EnumMap<>(type);
        codes.forEach((constant, code) -> {
            if (code < 0 || byCode[code] != null) {
                throw new IllegalArgumentException(type.getSimpleName() + ": code " + code + " for " + constant);
            }
            byCode[code] = constant;
            codeOf.put(constant, code.byteValue());
        });
    }

    byte code(E constant) {
        return codeOf.get(constant);
    }

    /** @throws CacheFormatException for a code the table does not have */
    E of(byte code) throws CacheFormatException {
        if (code < 0 || code >= byCode.length || byCode[code] == null) {
            throw new CacheFormatException("unknown " + type.getSimpleName() + " code " + code);
        }
        return type.cast(byCode[code]);
    }
}
