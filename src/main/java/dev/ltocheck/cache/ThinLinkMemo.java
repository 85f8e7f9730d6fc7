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
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

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
    static final int FORMAT = 2;
    private static final byte[] MAGIC = "LTOCHECK-THINLINK\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final byte[] key;
    /** Why the memo file found was not read (it is not this user's alone), or null. */
    private volatile String refusal;

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
        // The key is everything the outcome depends on, kept whole and compared byte for byte (a
        // few hundred kilobytes for a kernel: cheaper than digesting it on the client compiler).
        ByteArrayOutputStream keyBytes = new ByteArrayOutputStream(offered.size() * 64);
        String folder = workingDir.toAbsolutePath().normalize().toString();
        ByteArrayOutputStream names = new ByteArrayOutputStream(offered.size() * 32);
        try (DataOutputStream key = new DataOutputStream(keyBytes)) {
            BinaryFields.writeString(key, cache.fingerprint());
            BinaryFields.writeString(key, folder);
            key.writeBoolean(link.relocatable());
            key.writeBoolean(link.entry() != null);
            BinaryFields.writeString(key, link.entry() == null ? "" : link.entry());
            writeStrings(key, new TreeSet<>(link.exported()));
            writeStrings(key, new TreeSet<>(link.nativeReferences()));
            BinaryFields.writeString(key, options.toString()); // a record of numbers and booleans
            key.writeInt(offered.size());
            names.write(folder.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < offered.size(); i++) {
                ThinModule m = offered.get(i);
                byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
                key.writeInt(name.length);
                key.write(name);
                key.writeBoolean(m.lazy());
                key.write(contentHashes.get(i));
                names.write(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        // One file per link: its folder and its modules' names, whatever their contents.
        String fileName = ContentHash.text(ContentHash.of(ByteBuffer.wrap(names.toByteArray()))) + ".thinlink";
        return Optional.of(new ThinLinkMemo(cache.directory().resolve(fileName), keyBytes.toByteArray()));
    }

    /** The outcome stored under this very key, over these modules; empty on any difference or damage. */
    public Optional<ImportResult> find(List<ThinModule> offered) {
        try {
            ByteBuffer in = CacheFile.readChecked(file);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            int format = in.getInt();
            int keyLength = in.getInt();
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT || keyLength != key.length
                    || !in.slice(in.position(), keyLength).equals(ByteBuffer.wrap(key))) {
                return Optional.empty();
            }
            in.position(in.position() + keyLength);
            return Optional.of(decode(in, offered));
        } catch (CacheTrust.UntrustedException e) {
            refusal = e.getMessage(); // not read: computed, and replaced by this run's
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // none yet, or unreadable: the thin link is computed
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException
                 | CacheFormatException e) {
            return Optional.empty(); // damaged: computed, and written anew
        }
    }

    /**
     * Keeps {@code result} as this link's last outcome.
     *
     * @return lines for stderr: why the memo file that was there was not read, if it was not trusted
     */
    public List<String> store(ImportResult result, List<ThinModule> offered) throws IOException {
        CacheFile.writeChecked(file, out -> {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(key.length);
            out.write(key);
            encode(out, result, offered);
        });
        String untrusted = refusal;
        return untrusted == null ? List.of() : List.of("warning: " + untrusted);
    }

    private static void writeStrings(DataOutputStream out, java.util.Collection<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            BinaryFields.writeString(out, s);
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
        // Names recur (a helper imported into hundreds of modules, the same call chains): each is
        // stored once, and imports refer to it by number.
        Map<String, Integer> names = new LinkedHashMap<>();
        for (ModuleImports m : result.perModule()) {
            for (Import i : m.imports()) {
                names.putIfAbsent(i.name(), names.size());
                names.putIfAbsent(i.promoted(), names.size());
                i.chain().forEach(link -> names.putIfAbsent(link, names.size()));
            }
        }
        out.writeInt(names.size());
        for (String name : names.keySet()) {
            BinaryFields.writeString(out, name);
        }
        for (ModuleImports m : result.perModule()) {
            out.writeInt(m.imports().size());
            for (Import i : m.imports()) {
                out.writeLong(i.guid());
                out.writeInt(names.get(i.name()));
                out.writeInt(names.get(i.promoted()));
                out.writeByte(i.kind().ordinal());
                out.writeInt(i.source());
                out.writeInt(i.size());
                out.writeLong(i.threshold());
                out.writeInt(i.chain().size());
                for (String link : i.chain()) {
                    out.writeInt(names.get(link));
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
        String[] names = new String[BinaryFields.count(in)];
        for (int n = 0; n < names.length; n++) {
            names[n] = BinaryFields.readString(in);
        }
        List<ModuleImports> perModule = new ArrayList<>(modules.size());
        for (int m = 0; m < modules.size(); m++) {
            int count = BinaryFields.count(in);
            List<Import> imports = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                long guid = in.getLong();
                String name = names[in.getInt()];
                String promoted = names[in.getInt()];
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
                    chain.add(names[in.getInt()]);
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
}
