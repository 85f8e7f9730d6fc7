package dev.ltocheck.cache;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinModule;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The outcome of the last thin link of one link, kept with everything it was computed from: the
 * offered modules (lld name, lazy or not, the content hash of the member's bytes, in link order),
 * the link and import options, and this build of ltocheck. When all of it is the same on the next
 * run (members touched or rebuilt to the same bytes, or {@code check} followed by {@code fix} or
 * {@code imports}), the thin link is not computed again.
 *
 * <p>One file per link (named after the working folder and the modules' names), holding the last
 * outcome only; written next to its place and renamed over it, checked by a CRC, ignored when it
 * is damaged or its key differs.
 */
public final class ThinLinkMemo {
    static final int FORMAT = 1;
    private static final byte[] MAGIC = "LTOCHECK-THINLINK\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final byte[] key;

    private ThinLinkMemo(Path file, byte[] key) {
        this.file = file;
        this.key = key;
    }

    /**
     * The memo of this link, or none when the cache is off or some module's bytes are not known by
     * their hash (read with --no-cache, or not probed).
     */
    public static Optional<ThinLinkMemo> of(MemberCache cache, Path workingDir, List<ThinModule> offered,
                                            List<byte[]> contentHashes, LinkOptions link, ImportOptions options) {
        if (!cache.enabled() || contentHashes.contains(null)) {
            return Optional.empty();
        }
        MessageDigest names = sha256();
        MessageDigest all = sha256();
        update(names, workingDir.toAbsolutePath().normalize().toString());
        update(all, cache.fingerprint());
        update(all, "format " + FORMAT);
        update(all, "relocatable " + link.relocatable() + " entry " + link.entry() + " exported "
                + new TreeSet<>(link.exported()) + " native " + new TreeSet<>(link.nativeReferences()));
        update(all, options.toString());
        for (int i = 0; i < offered.size(); i++) {
            ThinModule m = offered.get(i);
            update(names, m.name());
            update(all, m.name() + (m.lazy() ? " lazy" : " eager"));
            all.update(contentHashes.get(i));
        }
        String fileName = HexFormat.of().formatHex(names.digest(), 0, 12) + ".thinlink";
        return Optional.of(new ThinLinkMemo(cache.directory().resolve(fileName), all.digest()));
    }

    /** The outcome stored under this very key, over these modules; empty on any difference or damage. */
    public Optional<ImportResult> find(List<ThinModule> offered) {
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty(); // none yet, or unreadable: the thin link is computed
        }
        try {
            if (in.remaining() < MAGIC.length + 4 + key.length + 4) {
                return Optional.empty();
            }
            int crc = in.getInt(in.limit() - 4);
            in.limit(in.limit() - 4);
            CRC32C check = new CRC32C();
            check.update(in.duplicate());
            if ((int) check.getValue() != crc) {
                return Optional.empty();
            }
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            int format = in.getInt();
            byte[] storedKey = new byte[key.length];
            in.get(storedKey);
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT || !Arrays.equals(storedKey, key)) {
                return Optional.empty();
            }
            return Optional.of(decode(in, offered));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException
                 | CacheFormatException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code result} as this link's last outcome. */
    public void store(ImportResult result, List<ThinModule> offered) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.write(key);
            encode(out, result, offered);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        new DataOutputStream(bytes).writeInt((int) crc.getValue());
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void encode(DataOutputStream out, ImportResult result, List<ThinModule> offered) throws IOException {
        Map<ThinModule, Integer> indexOf = new IdentityHashMap<>();
        for (int i = 0; i < offered.size(); i++) {
            indexOf.put(offered.get(i), i);
        }
        writeModules(out, result.modules(), indexOf);
        writeModules(out, result.notJoined(), indexOf);
        writeModules(out, result.regular(), indexOf);
        for (ModuleImports m : result.perModule()) {
            out.writeInt(m.imports().size());
            for (Import i : m.imports()) {
                out.writeLong(i.guid());
                BinaryFields.writeString(out, i.name());
                BinaryFields.writeString(out, i.promoted());
                out.writeByte(i.kind().ordinal());
                out.writeInt(i.source());
                out.writeInt(i.size());
                out.writeLong(i.threshold());
                out.writeInt(i.chain().size());
                for (String link : i.chain()) {
                    BinaryFields.writeString(out, link);
                }
            }
        }
    }

    private static void writeModules(DataOutputStream out, List<ThinModule> modules, Map<ThinModule, Integer> indexOf)
            throws IOException {
        out.writeInt(modules.size());
        for (ThinModule m : modules) {
            Integer index = indexOf.get(m);
            if (index == null) {
                throw new IllegalArgumentException("the result names a module that was not offered: " + m.name());
            }
            out.writeInt(index);
        }
    }

    private static ImportResult decode(ByteBuffer in, List<ThinModule> offered) throws CacheFormatException {
        List<ThinModule> modules = readModules(in, offered);
        List<ThinModule> notJoined = readModules(in, offered);
        List<ThinModule> regular = readModules(in, offered);
        Import.Kind[] kinds = Import.Kind.values();
        List<ModuleImports> perModule = new ArrayList<>(modules.size());
        for (int m = 0; m < modules.size(); m++) {
            int count = BinaryFields.count(in);
            List<Import> imports = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                long guid = in.getLong();
                String name = BinaryFields.readString(in);
                String promoted = BinaryFields.readString(in);
                Import.Kind kind = kinds[in.get()];
                int source = in.getInt();
                if (source < 0 || source >= modules.size()) {
                    throw new CacheFormatException("import source " + source);
                }
                int size = in.getInt();
                long threshold = in.getLong();
                int links = BinaryFields.count(in);
                List<String> chain = new ArrayList<>(links);
                for (int l = 0; l < links; l++) {
                    chain.add(BinaryFields.readString(in));
                }
                imports.add(new Import(guid, name, promoted, kind, source, size, threshold, List.copyOf(chain)));
            }
            perModule.add(new ModuleImports(m, List.copyOf(imports)));
        }
        if (in.hasRemaining()) {
            throw new CacheFormatException(in.remaining() + " bytes after the outcome");
        }
        return new ImportResult(modules, List.copyOf(perModule), notJoined, regular);
    }

    private static List<ThinModule> readModules(ByteBuffer in, List<ThinModule> offered) throws CacheFormatException {
        int count = BinaryFields.count(in);
        List<ThinModule> modules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = in.getInt();
            if (index < 0 || index >= offered.size()) {
                throw new CacheFormatException("module " + index + " of " + offered.size());
            }
            modules.add(offered.get(index));
        }
        return List.copyOf(modules);
    }

    private static void update(MessageDigest digest, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(utf8.length).array());
        digest.update(utf8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
