package dev.ltocheck.bitcode;

import dev.ltocheck.bitstream.Record;

import static dev.ltocheck.bitcode.BitcodeIds.*;

/**
 * Which operands of a module-level metadata record LLVM 20's reader
 * ({@code MetadataLoader::parseOneMetadata}) takes as references to other metadata, and how.
 *
 * <p>Why ltocheck needs this: outside ThinLTO importing, LLVM resolves a reference to a metadata id
 * its block never defines through the lazy-loading index, which is empty then, and crashes the
 * process (SIGSEGV in {@code lazyLoadOneMetadata}, found by scripts/fuzz: a bit flip that turned a
 * node into a {@code GENERIC_DEBUG} record). Node and named-node operands were checked already;
 * every debug-info record names metadata too, each at its own positions, some depending on a
 * version field or the record's length. Only the positions LLVM 20 reads are listed: operands it
 * ignores cannot hurt it. The layouts follow LLVM 20's reader case by case.
 */
final class MetadataOperands {
    /** How an operand names metadata. */
    enum Kind {
        /** id + 1; 0 is null ({@code getMDOrNull}, {@code getDITypeRefOrNull}) */
        NODE_OR_NULL,
        /** id + 1 of a metadata string; 0 is null ({@code getMDString}, a cast LLVM does not check) */
        STRING_OR_NULL,
        /** the id itself ({@code getMD}, attachments, argument lists, old-style nodes) */
        ID
    }

    /** Receives every reference of one record. */
    interface Sink {
        void reference(int position, Kind kind);
    }

    private MetadataOperands() {
    }

    /**
     * Reports the metadata references of one record to {@code sink}.
     *
     * @param isMetadataType whether a type id is LLVM's {@code metadata} type (old-style nodes
     *                       pair a type with an operand)
     * @return null, or why LLVM would read the record past its end (some cases read fixed
     *         positions without checking the length, and would take whatever the previous record
     *         left there)
     */
    static String references(Record r, java.util.function.IntPredicate isMetadataType, Sink sink) {
        int n = r.size();
        Layout l = new Layout(r, sink);
        switch (r.code()) {
            case METADATA_OLD_NODE -> {
                if (n % 2 == 0) {
                    for (int i = 0; i < n; i += 2) {
                        long type = unsigned(r.get(i)); // unsigned TyID = Record[i]
                        if (type <= Integer.MAX_VALUE && isMetadataType.test((int) type)) {
                            l.id(i + 1);
                        }
                    }
                }
            }
            case METADATA_LOCATION -> {
                if (n == 5 || n == 6) {
                    l.id(3);
                    l.node(4);
                }
            }
            case METADATA_GENERIC_DEBUG -> {
                // unsigned Tag = Record[1]; unsigned Version = Record[2]; refused if Tag >= 1u << 16
                // || Version != 0: a tag of 2^32 + 5 is tag 5 to LLVM, and the record is read.
                if (n >= 4 && unsigned(r.get(1)) < (1 << 16) && unsigned(r.get(2)) == 0) {
                    l.string(3);
                    for (int i = 4; i < n; i++) {
                        l.node(i);
                    }
                }
            }
            case METADATA_SUBRANGE -> {
                // The version is read before any length check; version 0 and 1 read three operands.
                if (n == 0) {
                    return "SUBRANGE record without operands";
                }
                long version = r.get(0) >>> 1;
                if (version == 0 || version == 1) {
                    if (n < 3) {
                        return "SUBRANGE record of version " + version + " with " + n + " operands (LLVM reads 3)";
                    }
                    if (version == 1) {
                        l.node(1);
                    }
                } else if (version == 2) {
                    if (n < 5) {
                        return "SUBRANGE record of version 2 with " + n + " operands (LLVM reads 5)";
                    }
                    l.nodes(1, 2, 3, 4);
                }
            }
            case METADATA_GENERIC_SUBRANGE -> {
                if (n < 5) {
                    return "GENERIC_SUBRANGE record with " + n + " operands (LLVM reads 5)";
                }
                l.nodes(1, 2, 3, 4);
            }
            case METADATA_ENUMERATOR -> {
                if (n >= 3) {
                    l.string(2);
                }
            }
            case METADATA_BASIC_TYPE -> {
                if (n >= 6) {
                    l.string(2);
                }
            }
            case METADATA_STRING_TYPE -> {
                if (n == 8 || n == 9) {
                    l.string(2);
                    l.nodes(3, 4);
                    if (n == 9) {
                        l.node(5);
                    }
                }
            }
            case METADATA_DERIVED_TYPE -> {
                if (n >= 12) {
                    l.string(2);
                    l.nodes(3, 5, 6, 11);
                    // LLVM 19 and 20 read the annotations (13) only when the pointer-authentication
                    // operand (14) is there too: "Only look for annotations/ptrauth if both are
                    // allocated", as both have been written at 13. Clang 15-18 write 14 operands with
                    // their annotations at 13, which LLVM 20 drops unread.
                    if (n > 14) {
                        l.node(13);
                    }
                }
            }
            case METADATA_COMPOSITE_TYPE -> {
                // LLVM 20 writes 24 operands and refuses more (LLVM 21's 25th is not read).
                if (n >= 16 && n <= 24) {
                    l.string(2);
                    l.string(15);
                    l.nodes(3, 5, 6, 11, 13, 14);
                    if (n > 16) {
                        l.node(16);
                    }
                    if (n > 17) {
                        l.node(17);
                    }
                    if (n > 19) {
                        l.nodes(18, 19);
                    }
                    if (n > 20) {
                        l.node(20);
                    }
                    if (n > 21) {
                        l.node(21);
                    }
                    if (n > 23) {
                        l.node(23); // the specification; 22 is the number of extra inhabitants
                    }
                }
            }
            case METADATA_SUBROUTINE_TYPE -> {
                if (n == 3 || n == 4) {
                    l.node(2);
                }
            }
            case METADATA_MODULE -> {
                if (n >= 5 && n <= 9) {
                    int offset = n >= 8 ? 2 : 1;
                    if (n >= 8) {
                        l.node(1);
                    }
                    l.node(offset);
                    for (int i = 1; i <= 4; i++) {
                        l.string(i + offset);
                    }
                }
            }
            case METADATA_FILE -> {
                if (n == 3 || n == 5 || n == 6) {
                    l.string(1);
                    l.string(2);
                    if (n > 4 && r.get(3) != 0 && r.get(4) != 0) {
                        l.string(4);
                    }
                    if (n > 5) {
                        l.string(5);
                    }
                }
            }
            case METADATA_COMPILE_UNIT -> {
                if (n >= 14) {
                    l.nodes(2, 9, 10, 11, 12, 13);
                    l.string(3);
                    l.string(5);
                    l.string(7);
                    if (n > 15) {
                        l.node(15);
                    }
                    if (n > 20) {
                        l.string(20);
                    }
                    if (n > 21) {
                        l.string(21);
                    }
                }
            }
            case METADATA_SUBPROGRAM -> subprogram(r, l);
            case METADATA_LEXICAL_BLOCK -> {
                if (n == 5) {
                    l.nodes(1, 2);
                }
            }
            case METADATA_LEXICAL_BLOCK_FILE -> {
                if (n == 4) {
                    l.nodes(1, 2);
                }
            }
            case METADATA_COMMON_BLOCK -> {
                if (n < 6) {
                    return "COMMON_BLOCK record with " + n + " operands (LLVM reads 6)";
                }
                l.nodes(1, 2, 4);
                l.string(3);
            }
            case METADATA_NAMESPACE -> {
                if (n == 3 || n == 5) {
                    l.node(1);
                    l.string(n == 3 ? 2 : 3);
                }
            }
            case METADATA_MACRO -> {
                if (n == 5) {
                    l.string(3);
                    l.string(4);
                }
            }
            case METADATA_MACRO_FILE -> {
                if (n == 5) {
                    l.nodes(3, 4);
                }
            }
            case METADATA_TEMPLATE_TYPE -> {
                if (n == 3 || n == 4) {
                    l.string(1);
                    l.node(2);
                    if (n == 4) {
                        l.node(3);
                    }
                }
            }
            case METADATA_TEMPLATE_VALUE -> {
                if (n == 5 || n == 6) {
                    l.string(2);
                    l.nodes(3, 4);
                    if (n == 6) {
                        l.node(5);
                    }
                }
            }
            case METADATA_GLOBAL_VAR -> globalVariable(r, l);
            case METADATA_LOCAL_VAR -> {
                if (n >= 8) {
                    boolean hasAlignment = (r.get(0) & 2) != 0;
                    int tag = !hasAlignment && n > 8 ? 1 : 0;
                    l.nodes(1 + tag, 3 + tag, 5 + tag);
                    l.string(2 + tag);
                    if (hasAlignment && n > 9) {
                        l.node(9);
                    }
                }
            }
            case METADATA_LABEL -> {
                if (n == 5) { // LLVM 20 refuses any other length (21 adds operands 5 and 6)
                    l.nodes(1, 3);
                    l.string(2);
                }
            }
            case METADATA_GLOBAL_VAR_EXPR -> {
                if (n == 3) {
                    l.nodes(1, 2);
                }
            }
            case METADATA_OBJC_PROPERTY -> {
                if (n == 8) {
                    l.string(1);
                    l.string(4);
                    l.string(5);
                    l.nodes(2, 7);
                }
            }
            case METADATA_IMPORTED_ENTITY -> {
                if (n >= 6 && n <= 8) {
                    l.nodes(2, 3);
                    l.string(5);
                    if (n >= 7) {
                        l.node(6);
                    }
                    if (n >= 8) {
                        l.node(7);
                    }
                }
            }
            case METADATA_ARG_LIST -> {
                for (int i = 0; i < n; i++) {
                    l.id(i);
                }
            }
            case METADATA_GLOBAL_DECL_ATTACHMENT -> {
                if (n % 2 == 1) {
                    for (int i = 2; i < n; i += 2) {
                        l.id(i);
                    }
                }
            }
            default -> {
            }
        }
        return l.pastEnd;
    }

    // Versions 1-4 keep flags in place (offsets of 2), version 5 packs them (DISPFlags, bit 2 of
    // the first operand); a unit is bit 1.
    private static void subprogram(Record r, Layout l) {
        int n = r.size();
        if (n < 18 || n > 21) {
            return;
        }
        boolean hasSpFlags = (r.get(0) & 4) != 0;
        boolean hasUnit = (r.get(0) & 2) != 0;
        if (!hasSpFlags && hasUnit && n < 19 || hasSpFlags && !hasUnit) {
            return; // LLVM refuses these itself
        }
        int offsetA = 0;
        int offsetB = 0;
        boolean hasThrownTypes = true;
        boolean hasAnnotations = false;
        boolean hasTargetFuncName = false;
        if (!hasSpFlags) {
            offsetA = 2;
            offsetB = n >= 19 ? 3 : 2;
            hasThrownTypes = n >= 21;
        } else {
            hasAnnotations = n >= 19;
            hasTargetFuncName = n >= 20;
        }
        l.nodes(1, 4, 6, 8 + offsetA, 12 + offsetB, 13 + offsetB, 14 + offsetB, 15 + offsetB);
        l.string(2);
        l.string(3);
        if (hasThrownTypes) {
            l.node(17 + offsetB);
        }
        if (hasAnnotations) {
            l.node(18 + offsetB);
        }
        if (hasTargetFuncName) {
            l.string(19 + offsetB);
        }
    }

    // Version (first operand >> 1) 2 is today's, 1 lacks the template parameters, 0 kept a
    // variable or constant at 9.
    private static void globalVariable(Record r, Layout l) {
        int n = r.size();
        if (n < 11) {
            return;
        }
        long version = unsigned(r.get(0) >>> 1); // unsigned Version = Record[0] >> 1
        if (version > 2) {
            return;
        }
        l.nodes(1, 4, 6, 10);
        l.string(2);
        l.string(3);
        if (version != 1) {
            l.node(9);
        }
        if (version == 2 && n > 12) {
            l.node(12);
        }
    }

    /** What LLVM keeps of an operand it reads into an {@code unsigned}: the low 32 bits. */
    static long unsigned(long operand) {
        return operand & 0xFFFF_FFFFL;
    }

    /** Hands positions to the sink; a position past the record is what LLVM would read unchecked. */
    private static final class Layout {
        private final Record record;
        private final Sink sink;
        private String pastEnd;

        Layout(Record record, Sink sink) {
            this.record = record;
            this.sink = sink;
        }

        void node(int position) {
            at(position, Kind.NODE_OR_NULL);
        }

        void nodes(int... positions) {
            for (int p : positions) {
                node(p);
            }
        }

        void string(int position) {
            at(position, Kind.STRING_OR_NULL);
        }

        void id(int position) {
            at(position, Kind.ID);
        }

        private void at(int position, Kind kind) {
            if (position >= record.size()) {
                if (pastEnd == null) {
                    pastEnd = "metadata record " + record.code() + " with " + record.size()
                            + " operands, of which LLVM reads operand " + position;
                }
                return;
            }
            sink.reference(position, kind);
        }
    }
}
