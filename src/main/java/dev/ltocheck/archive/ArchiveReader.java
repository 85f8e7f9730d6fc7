package dev.ltocheck.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads GNU/SysV ar archives, regular and thin, the way LLVM's {@code object::Archive} does for
 * the flavours kbuild and llvm-ar write: {@code //} long-name table with {@code /N} references,
 * {@code name/} short names, {@code /} and {@code /SYM64/} symbol tables, BSD {@code #1/N} names.
 *
 * <p>No library reads thin archives (commons-compress stops at {@code !<thin>}), hence our own.
 * One pass with an explicit cursor; every length from the file is checked against what is left.
 */
public final class ArchiveReader {
    public static final String MAGIC = "!<arch>\n";
    public static final String THIN_MAGIC = "!<thin>\n";
    private static final int MAGIC_SIZE = 8;
    private static final int HEADER_SIZE = 60;

    private ArchiveReader() {
    }

    /** True if the bytes start with either ar magic. */
    public static boolean isArchive(ByteBuffer bytes) {
        return startsWith(bytes, MAGIC) || startsWith(bytes, THIN_MAGIC);
    }

    /**
     * Reads the member list. Never throws on bad content: damage stops reading and is returned
     * with the members found before it.
     */
    public static Archive read(ByteBuffer bytes) {
        boolean thin = startsWith(bytes, THIN_MAGIC);
        if (!thin && !startsWith(bytes, MAGIC)) {
            return new Archive(false, List.of(),
                    Optional.of(new ArchiveFormatException(0, "not an ar archive (no !<arch> or !<thin> magic)")));
        }
        List<ArchiveMember> members = new ArrayList<>();
        ByteBuffer longNames = null;
        long limit = bytes.limit();
        long headerOffset = MAGIC_SIZE;
        try {
            while (headerOffset < limit) {
                if (limit - headerOffset < HEADER_SIZE) {
                    throw new ArchiveFormatException(headerOffset, "truncated member header ("
                            + (limit - headerOffset) + " of " + HEADER_SIZE + " bytes)");
                }
                int h = Math.toIntExact(headerOffset);
                if (bytes.get(h + 58) != '`' || bytes.get(h + 59) != '\n') {
                    throw new ArchiveFormatException(headerOffset, "bad member header terminator");
                }
                String rawName = field(bytes, h, 16).stripTrailing();
                long size = decimal(bytes, h + 48, 10, headerOffset, "size");
                long dataOffset = headerOffset + HEADER_SIZE;
                boolean special = rawName.equals("/") || rawName.equals("/SYM64/") || rawName.equals("//")
                        || rawName.equals("__.SYMDEF") || rawName.equals("__.SYMDEF SORTED");
                // Thin archives store the tables inline but no member data.
                boolean inline = !thin || special;
                if (inline && Long.compareUnsigned(size, limit - dataOffset) > 0) {
                    throw new ArchiveFormatException(headerOffset, "member '" + rawName.trim() + "' declares "
                            + Long.toUnsignedString(size) + " bytes but only " + (limit - dataOffset) + " remain");
                }
                if (rawName.equals("//")) {
                    longNames = bytes.slice(Math.toIntExact(dataOffset), Math.toIntExact(size));
                } else if (!special) {
                    String name;
                    long memberData = dataOffset;
                    long memberSize = size;
                    if (rawName.startsWith("#1/")) {
                        long nameLength = decimal(bytes, h + 3, 13, headerOffset, "BSD name length");
                        // The name is stored inline (in a thin archive too) and counts in the size.
                        if (Long.compareUnsigned(nameLength, size) > 0) {
                            throw new ArchiveFormatException(headerOffset, "BSD name length " + Long.toUnsignedString(nameLength)
                                    + " exceeds the member's " + Long.toUnsignedString(size) + " bytes");
                        }
                        if (Long.compareUnsigned(nameLength, limit - dataOffset) > 0) {
                            throw new ArchiveFormatException(headerOffset, "BSD name length " + Long.toUnsignedString(nameLength)
                                    + " but only " + (limit - dataOffset) + " bytes remain");
                        }
                        name = trimNul(string(bytes, Math.toIntExact(dataOffset), Math.toIntExact(nameLength)));
                        memberData += nameLength;
                        memberSize -= nameLength;
                    } else {
                        name = memberName(rawName, longNames, headerOffset);
                    }
                    members.add(new ArchiveMember(name, headerOffset, thin ? -1 : memberData, memberSize));
                }
                long next = inline ? dataOffset + size : dataOffset;
                headerOffset = next + (next & 1);
            }
            return new Archive(thin, List.copyOf(members), Optional.empty());
        } catch (ArchiveFormatException e) {
            return new Archive(thin, List.copyOf(members), Optional.of(e));
        }
    }

    private static String memberName(String rawName, ByteBuffer longNames, long headerOffset)
            throws ArchiveFormatException {
        if (rawName.startsWith("/") && rawName.length() > 1 && Character.isDigit(rawName.charAt(1))) {
            long index = decimalText(rawName.substring(1).trim(), headerOffset, "long name offset");
            if (longNames == null || Long.compareUnsigned(index, longNames.limit()) >= 0) {
                throw new ArchiveFormatException(headerOffset, "long name offset " + Long.toUnsignedString(index)
                        + " outside the // table (" + (longNames == null ? 0 : longNames.limit()) + " bytes)");
            }
            int start = (int) index;
            int end = start;
            // GNU entries end with "/\n"; tolerate a bare "\n" as LLVM does.
            while (end < longNames.limit() && longNames.get(end) != '\n') {
                end++;
            }
            String name = string(longNames, start, end - start);
            return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        }
        String trimmed = rawName;
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static long decimal(ByteBuffer bytes, int at, int width, long headerOffset, String what)
            throws ArchiveFormatException {
        return decimalText(field(bytes, at, width).trim(), headerOffset, what);
    }

    /**
     * A header number as an unsigned 64-bit value (as LLVM parses it): ASCII digits only, and one
     * that does not fit in 64 bits is damage, never a wrapped value. Callers compare it unsigned
     * against what is left.
     */
    static long decimalText(String text, long headerOffset, String what) throws ArchiveFormatException {
        if (text.isEmpty() || !digitsOnly(text)) {
            throw new ArchiveFormatException(headerOffset, "member header " + what + " is not a number: '" + text + "'");
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException(headerOffset, "member header " + what + " " + text + " does not fit in 64 bits");
        }
    }

    /** A loop, not a stream: two numbers per member of a 2,800-member archive, at every start, before C1 has compiled much. */
    private static boolean digitsOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String field(ByteBuffer bytes, int at, int width) {
        return string(bytes, at, width);
    }

    private static String string(ByteBuffer bytes, int at, int length) {
        byte[] b = new byte[length];
        bytes.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static boolean startsWith(ByteBuffer bytes, String magic) {
        if (bytes.limit() < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (bytes.get(i) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
