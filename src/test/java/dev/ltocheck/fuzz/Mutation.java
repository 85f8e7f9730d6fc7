package dev.ltocheck.fuzz;

import dev.ltocheck.archive.Archive;
import dev.ltocheck.archive.ArchiveMember;
import dev.ltocheck.archive.ArchiveReader;
import dev.ltocheck.bitcode.BitcodeIds;
import dev.ltocheck.bitstream.BitstreamReader;
import dev.ltocheck.bitstream.Entry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The kinds of damage a half-written build or a hostile file can do, applied to real inputs. */
enum Mutation {
    BIT_FLIPS {
        @Override
        byte[] apply(byte[] in, Random r) {
            byte[] out = in.clone();
            for (int i = 1 + r.nextInt(8); i > 0; i--) {
                int bit = r.nextInt(out.length * 8);
                out[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return out;
        }
    },
    TRUNCATION {
        @Override
        byte[] apply(byte[] in, Random r) {
            return Arrays.copyOf(in, r.nextInt(in.length));
        }
    },
    MEMBER_HEADER_EDIT {
        @Override
        byte[] apply(byte[] in, Random r) {
            Archive archive = ArchiveReader.read(ByteBuffer.wrap(in));
            if (archive.members().isEmpty()) {
                return BIT_FLIPS.apply(in, r);
            }
            byte[] out = in.clone();
            ArchiveMember m = archive.members().get(r.nextInt(archive.members().size()));
            // name, date, uid, gid, mode, size, terminator of the 60-byte ar header
            int[] fields = {0, 16, 28, 34, 40, 48, 58};
            int[] widths = {16, 12, 6, 6, 8, 10, 2};
            int f = r.nextInt(fields.length);
            String alphabet = " 0123456789/#`\n-x";
            for (int i = 0; i < widths[f]; i++) {
                out[(int) m.headerOffset() + fields[f] + i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            return out;
        }
    },
    LENGTH_FIELD {
        @Override
        byte[] apply(byte[] in, Random r) {
            List<Integer> words = blockLengthWords(in);
            if (words.isEmpty()) {
                return BIT_FLIPS.apply(in, r);
            }
            byte[] out = in.clone();
            int at = words.get(r.nextInt(words.size()));
            int value = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> r.nextInt(1 << 20);
                default -> ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt(at) + r.nextInt(9) - 4;
            };
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
            return out;
        }
    },
    ABBREVIATION_DAMAGE {
        @Override
        byte[] apply(byte[] in, Random r) {
            // The BLOCKINFO block and the first words of every block hold the abbreviation definitions.
            List<Integer> words = blockLengthWords(in);
            if (words.isEmpty()) {
                return BIT_FLIPS.apply(in, r);
            }
            byte[] out = in.clone();
            int start = words.get(r.nextInt(words.size())) + 4;
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                int bit = start * 8 + r.nextInt(Math.max(1, Math.min(256, (out.length - start) * 8)));
                if (bit / 8 < out.length) {
                    out[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            return out;
        }
    },
    SWAPPED_BLOCKS {
        @Override
        byte[] apply(byte[] in, Random r) {
            byte[] out = in.clone();
            int words = out.length / 4;
            if (words < 4) {
                return out;
            }
            int length = 1 + r.nextInt(Math.max(1, words / 4));
            int a = 1 + r.nextInt(words - length);
            int b = 1 + r.nextInt(words - length);
            byte[] chunk = Arrays.copyOfRange(out, a * 4, (a + length) * 4);
            System.arraycopy(out, b * 4, out, a * 4, length * 4);
            System.arraycopy(chunk, 0, out, b * 4, length * 4);
            return out;
        }
    },
    RANDOM_AFTER_MAGIC {
        @Override
        byte[] apply(byte[] in, Random r) {
            byte[] out = new byte[4 + r.nextInt(Math.max(1, in.length))];
            r.nextBytes(out);
            out[0] = 'B';
            out[1] = 'C';
            out[2] = (byte) 0xC0;
            out[3] = (byte) 0xDE;
            return out;
        }
    };

    abstract byte[] apply(byte[] in, Random r);

    /** Byte offsets of the length words of the top-level blocks and of the module block's sub-blocks. */
    static List<Integer> blockLengthWords(byte[] bitcode) {
        List<Integer> words = new ArrayList<>();
        try {
            BitstreamReader reader = new BitstreamReader(ByteBuffer.wrap(bitcode));
            while (!reader.atEndOfStream() || reader.depth() > 0) {
                Entry e = reader.advance();
                if (e instanceof Entry.SubBlock b) {
                    long afterId = reader.cursor().bitPosition();
                    reader.cursor().readVbr(4);
                    reader.cursor().alignTo32();
                    words.add((int) (reader.cursor().bitPosition() / 8));
                    reader.cursor().jumpToBit(afterId);
                    if (b.blockId() == BitcodeIds.MODULE_BLOCK && reader.depth() == 0) {
                        reader.enterBlock();
                    } else if (b.blockId() == BitstreamReader.BLOCKINFO_BLOCK_ID) {
                        reader.readBlockInfoBlock();
                    } else {
                        reader.skipBlock();
                    }
                } else if (e instanceof Entry.Record rec) {
                    reader.readRecord(rec.abbrevId(), new dev.ltocheck.bitstream.Record());
                }
            }
        } catch (Exception e) {
            // a damaged input has whatever words were found so far
        }
        return words;
    }
}
