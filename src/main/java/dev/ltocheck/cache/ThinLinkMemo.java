package dev.ltocheck.cache;

import dev.ltocheck.imports.CallPath;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportDecision;
import dev.ltocheck.imports.ImportFailureReason;
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
    static final int FORMAT = 4; // 3: options in the key field by field, import kinds by code; 4: import decisions
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
        return of(cache, workingDir, offered, contentHashes, link, options, offered, "");
    }

    /**
     * The memo of a link derived from another (the link a fix leaves): its file is named after the
     * other link's modules and {@code role}, so each link keeps one such outcome, the last, however
     * many fixes were checked.
     *
     * @param namedAfter the modules of the link the file belongs to
     * @param role       what the derived link is ("" for the link itself)
     */
    public static Optional<ThinLinkMemo> of(MemberCache cache, Path workingDir, List<ThinModule> offered,
                                            List<byte[]> contentHashes, LinkOptions link, ImportOptions options,
                                            List<ThinModule> namedAfter, String role) {
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
            writeOptions(key, options);
            key.writeInt(offered.size());
            names.write(folder.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < offered.size(); i++) {
                ThinModule m = offered.get(i);
                byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
                key.writeInt(name.length);
                key.write(name);
                key.writeBoolean(m.lazy());
                key.write(contentHashes.get(i));
            }
            for (ThinModule m : namedAfter) {
                names.write(m.name().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        // One file per link: its folder and its modules' names, whatever their contents.
        String fileName = ContentHash.text(ContentHash.of(ByteBuffer.wrap(names.toByteArray())))
                + (role.isEmpty() ? "" : "." + role) + ".thinlink";
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

    /**
     * Every field of the import options, each as itself (floats by their bits): what the record's
     * text happens to look like is no key.
     */
    static void writeOptions(DataOutputStream out, ImportOptions o) throws IOException {
        out.writeInt(o.instrLimit());
        out.writeFloat(o.instrEvolutionFactor());
        out.writeFloat(o.hotEvolutionFactor());
        out.writeFloat(o.hotMultiplier());
        out.writeFloat(o.criticalMultiplier());
        out.writeFloat(o.coldMultiplier());
        out.writeInt(o.cutoff());
        out.writeBoolean(o.forceImportAll());
        out.writeBoolean(o.importConstantsWithRefs());
        out.writeBoolean(o.propagateAttrs());
        out.writeBoolean(o.computeDead());
        out.writeInt(o.ltoOptLevel());
    }

    /** One decision as {@link #encode} writes it: guid, name, source, reason, threshold, size, hotness, attempts, caller, hotness, declared in. */
    private static final int DECISION_BYTES = 8 + 4 + 4 + 1 + 8 + 4 + 1 + 4 + 4 + 1 + 4;

    static final EnumCodes<Import.Kind> IMPORT_KIND = new EnumCodes<>(Import.Kind.class, Map.of(
            Import.Kind.FUNCTION, 0, Import.Kind.VARIABLE, 1));

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
        // Decisions' call paths share their tails: each step is stored once, after its caller.
        Map<CallPath, Integer> paths = new IdentityHashMap<>();
        List<CallPath> pathOrder = new ArrayList<>();
        for (ModuleImports m : result.perModule()) {
            for (ImportDecision d : m.decisions()) {
                names.putIfAbsent(d.name(), names.size());
                number(d.caller(), paths, pathOrder);
            }
        }
        pathOrder.forEach(p -> names.putIfAbsent(p.function(), names.size()));
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
                out.writeByte(IMPORT_KIND.code(i.kind()));
                out.writeInt(i.source());
                out.writeInt(i.size());
                out.writeLong(i.threshold());
                out.writeInt(i.chain().size());
                for (String link : i.chain()) {
                    out.writeInt(names.get(link));
                }
            }
        }
        out.writeInt(pathOrder.size());
        for (CallPath p : pathOrder) {
            out.writeInt(names.get(p.function()));
            out.writeLong(p.threshold());
            out.writeBoolean(p.hotEdge());
            out.writeInt(p.caller() == null ? -1 : paths.get(p.caller()));
        }
        for (ModuleImports m : result.perModule()) {
            out.writeInt(m.decisions().size());
            for (ImportDecision d : m.decisions()) {
                out.writeLong(d.guid());
                out.writeInt(names.get(d.name()));
                out.writeInt(d.source());
                out.writeByte(d.reason().code());
                out.writeLong(d.threshold());
                out.writeInt(d.size());
                out.writeByte(d.maxHotness());
                out.writeInt(d.attempts());
                out.writeInt(paths.get(d.caller()));
                out.writeByte(d.hotness());
                out.writeInt(d.declaredIn());
            }
        }
    }

    /** Numbers a path's steps, callers first. */
    private static void number(CallPath path, Map<CallPath, Integer> paths, List<CallPath> order) {
        List<CallPath> missing = new ArrayList<>();
        for (CallPath p = path; p != null && !paths.containsKey(p); p = p.caller()) {
            missing.add(p);
        }
        for (int k = missing.size() - 1; k >= 0; k--) {
            paths.put(missing.get(k), order.size());
            order.add(missing.get(k));
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
        String[] names = new String[BinaryFields.count(in)];
        for (int n = 0; n < names.length; n++) {
            names[n] = BinaryFields.readString(in);
        }
        List<List<Import>> importsOf = new ArrayList<>(modules.size());
        for (int m = 0; m < modules.size(); m++) {
            int count = BinaryFields.count(in);
            List<Import> imports = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                imports.add(readImport(in, names, modules.size()));
            }
            importsOf.add(List.copyOf(imports));
        }
        CallPath[] paths = new CallPath[BinaryFields.count(in)];
        for (int p = 0; p < paths.length; p++) {
            String function = names[in.getInt()];
            long threshold = in.getLong();
            boolean hot = in.get() != 0;
            int caller = in.getInt();
            if (caller >= p) {
                throw new CacheFormatException("call path " + p + " after its caller " + caller);
            }
            paths[p] = new CallPath(function, threshold, hot, caller < 0 ? null : paths[caller]);
        }
        // Decisions are read by 'imports --why' and '--lld-failures' only: decoded when first read
        // (a kernel's are some 10^5, most of what recalling its thin link cost).
        List<ModuleImports> perModule = new ArrayList<>(modules.size());
        int moduleCount = modules.size();
        DecodedOnUse.Decoder<ImportDecision> decoder = (bytes, count) -> {
            List<ImportDecision> decisions = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                decisions.add(readDecision(bytes, names, paths, moduleCount));
            }
            if (bytes.hasRemaining()) {
                throw new CacheFormatException(bytes.remaining() + " bytes after a module's decisions");
            }
            return decisions;
        };
        for (int m = 0; m < modules.size(); m++) {
            int count = BinaryFields.count(in);
            if ((long) count * DECISION_BYTES > in.remaining()) {
                throw new CacheFormatException(count + " decisions in " + in.remaining() + " bytes");
            }
            ByteBuffer decisions = in.slice(in.position(), count * DECISION_BYTES);
            in.position(in.position() + count * DECISION_BYTES);
            perModule.add(new ModuleImports(m, importsOf.get(m), new DecodedOnUse<>(decisions, count, decoder)));
        }
        if (in.hasRemaining()) {
            throw new CacheFormatException(in.remaining() + " bytes after the outcome");
        }
        return new ImportResult(modules, List.copyOf(perModule), notJoined, regular);
    }

    /*
     * One import, one decision: methods of their own because decode runs once per run. A loop body
     * inside a method called once is interpreted until an on-stack replacement compiles it (the
     * kernel's memo holds some 10^5 of each); a method called per record is compiled after a few
     * hundred calls.
     */
    private static Import readImport(ByteBuffer in, String[] names, int modules) throws CacheFormatException {
        long guid = in.getLong();
        String name = names[in.getInt()];
        String promoted = names[in.getInt()];
        Import.Kind kind = IMPORT_KIND.of(in.get());
        int source = in.getInt();
        if (source < 0 || source >= modules) {
            throw new CacheFormatException("import source " + source);
        }
        int size = in.getInt();
        long threshold = in.getLong();
        int links = BinaryFields.count(in);
        List<String> chain = new ArrayList<>(links);
        for (int l = 0; l < links; l++) {
            chain.add(names[in.getInt()]);
        }
        return new Import(guid, name, promoted, kind, source, size, threshold, List.copyOf(chain));
    }

    private static ImportDecision readDecision(ByteBuffer in, String[] names, CallPath[] paths, int modules)
            throws CacheFormatException {
        long guid = in.getLong();
        String name = names[in.getInt()];
        int source = in.getInt();
        if (source < -1 || source >= modules) {
            throw new CacheFormatException("decision source " + source);
        }
        ImportFailureReason reason = ImportFailureReason.ofCode(in.get());
        long threshold = in.getLong();
        int size = in.getInt();
        int maxHotness = in.get();
        int attempts = in.getInt();
        CallPath caller = paths[in.getInt()];
        int hotness = in.get();
        int declaredIn = in.getInt();
        return new ImportDecision(guid, name, source, reason, threshold, size, maxHotness, attempts, caller, hotness,
                declaredIn);
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
