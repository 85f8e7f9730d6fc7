package dev.ltocheck.cache;

import dev.ltocheck.input.InputObject;
import dev.ltocheck.input.ObjectSource;
import dev.ltocheck.llvm.Toolchain;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What reading each bitcode member produced, kept between runs: after a rebuild that changed a
 * few objects, only those are read again.
 *
 * <p>A member is found by where its bytes live (file and offset). Its entry is trusted without
 * reading the bytes when the file's size, modification time and inode are those recorded, and
 * the file was not modified so close to the start of the run that wrote the cache that a later
 * change could share its time stamp (git's "racily clean" rule); otherwise a hash of the bytes decides.
 * One file per archive, written whole and renamed into place; a file that is damaged, of another
 * format or from another build of ltocheck is ignored and rewritten. A run that changed or added
 * a few entries and dropped none writes those to the file's journal instead (the kernel's cache
 * file is 26 MB, its rewrite a tenth of a second); once the journal holds more than an eighth of
 * the file's entries, the file is written whole again and the journal removed. Thread-safe:
 * loader workers probe it concurrently.
 */
public final class MemberCache {
    /** File systems with coarse time stamps (FAT: 2 s) can give a changed file its old time. */
    private static final long RACY_WINDOW_NANOS = 2_000_000_000L;
    /** A journal may hold this many entries whatever the file's size (a small archive's journal stays worth it). */
    private static final int JOURNAL_MIN_ENTRIES = 16;

    private final Path directory;
    private final String fingerprint;
    /** Why the cache folder is not used at all, or null. */
    private final String folderRefusal;
    /**
     * When this run began, before any stamp was taken: what a member's modification time is
     * compared with on the next run (a change after the stamp but within the same clock tick).
     */
    private final long startedAtNanos = nanosSinceEpoch(Instant.now());
    private final Map<Path, Group> groups = new ConcurrentHashMap<>();
    private final AtomicInteger trusted = new AtomicInteger();
    private final AtomicInteger verified = new AtomicInteger();
    private final AtomicInteger read = new AtomicInteger();

    private MemberCache(Path directory, String fingerprint, String folderRefusal) {
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.folderRefusal = folderRefusal;
    }

    /** A cache that never finds anything and never writes (--no-cache). */
    public static MemberCache disabled() {
        return new MemberCache(null, "", null);
    }

    /**
     * The cache in {@code directory}, if it is trusted (see {@link CacheTrust}): else a disabled
     * cache whose {@link #refusals()} say why.
     */
    public static MemberCache in(Path directory) {
        return in(directory, buildFingerprint());
    }

    /** For tests: a cache that pretends to be written by the build {@code fingerprint}. */
    static MemberCache in(Path directory, String fingerprint) {
        Optional<String> refused = CacheTrust.folderProblem(directory);
        return refused.isPresent() ? new MemberCache(null, "", refused.get())
                : new MemberCache(directory, fingerprint, null);
    }

    /**
     * One line for each part of the cache this run did not trust: the folder (then nothing was
     * used or written), or a file of an archive of the run (then it was not read, and is replaced
     * by what this run read). Complete once every member has been probed.
     */
    public List<String> refusals() {
        List<String> lines = new ArrayList<>();
        if (folderRefusal != null) {
            lines.add(folderRefusal);
        }
        groups.values().stream().filter(g -> g.probed && g.refusal != null).map(g -> g.refusal).sorted()
                .forEach(lines::add);
        return lines;
    }

    /**
     * The default folder: {@code $XDG_CACHE_HOME/ltocheck}, else {@code ~/.cache/ltocheck}; none
     * when neither is an absolute path (a user without a home must not get a cache in the
     * folder ltocheck runs in).
     */
    public static Optional<Path> defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "ltocheck"));
        }
        Path home = Path.of(System.getProperty("user.home", ""));
        return home.isAbsolute() ? Optional.of(home.resolve(".cache").resolve("ltocheck")) : Optional.empty();
    }

    public boolean enabled() {
        return directory != null;
    }

    Path directory() {
        return directory;
    }

    String fingerprint() {
        return fingerprint;
    }

    /**
     * The content hash of a member this run probed (found, verified or read and stored), or null
     * (cache off, not probed, or read with a result the cache does not keep).
     */
    public byte[] contentHash(InputObject object) {
        ObjectSource source = object.source();
        if (directory == null || source == null) {
            return null;
        }
        Group g = groups.get(source.group());
        CacheFile.Entry e = g == null ? null : g.kept.get(CacheFile.Entry.location(source.file().toString(), source.offset()));
        return e == null ? null : e.contentHash().clone();
    }

    /** Looks a member up; the probe then takes what reading it produced, on a miss. */
    public Probe probe(InputObject object) {
        ObjectSource source = object.source();
        if (directory == null || source == null) {
            return new Probe(null, null, object);
        }
        Group g = group(source.group());
        g.probed = true;
        return new Probe(g, source, object);
    }

    /** How members were found in this run: by their stamp, by their bytes' hash, or read anew. */
    public record Counts(int trusted, int verified, int read) {
    }

    public Counts counts() {
        return new Counts(trusted.get(), verified.get(), read.get());
    }

    /**
     * @param files    cache files written
     * @param problems one line per file that could not be written (the run's results are not affected)
     */
    public record Saved(int files, List<String> problems) {
    }

    /**
     * Writes every cache file whose contents changed in this run: members read anew, stamps
     * renewed, members no longer in the archive (or, for loose objects, no longer named from that
     * folder) dropped. Call after every probe; call again after more was recorded (what LLVM read
     * for findings, after the first save): a file written whole is then amended by its journal.
     * Saves do not overlap.
     */
    public synchronized Saved save() {
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (Group g : groups.values()) {
            if (!g.probed || g.failed) {
                continue;
            }
            // Reset before the snapshot: what is recorded after it sets the flag again, for the next save.
            boolean changed = g.changed.getAndSet(false);
            Map<String, CacheFile.Entry> kept = new HashMap<>(g.kept);
            if (!changed && kept.size() == g.byLocation.size()) {
                continue;
            }
            try {
                List<CacheFile.Entry> journal = g.journalEntries(kept);
                if (journal != null) {
                    CacheFile.writeJournal(g.path, fingerprint, g.fileCrc, startedAtNanos, sorted(journal));
                    g.journalWritten(journal, startedAtNanos);
                } else {
                    long crc = CacheFile.write(g.path, fingerprint, startedAtNanos, sorted(kept.values()));
                    // A journal left behind would be ignored (it amends the file's old CRC): only tidiness.
                    Files.deleteIfExists(CacheFile.journalOf(g.path));
                    g.fileWritten(kept, crc, startedAtNanos);
                }
                files++;
            } catch (IOException | RuntimeException e) {
                g.failed = true; // one line for the file, not one per save
                problems.add("cannot write the member cache " + g.path + ": " + e.getMessage());
            }
        }
        return new Saved(files, List.copyOf(problems));
    }

    /** Whether something was recorded that no save has written yet. */
    public boolean unsaved() {
        return groups.values().stream().anyMatch(g -> g.probed && !g.failed && g.changed.get());
    }

    private static List<CacheFile.Entry> sorted(java.util.Collection<CacheFile.Entry> entries) {
        List<CacheFile.Entry> list = new ArrayList<>(entries);
        list.sort(Comparator.comparing(CacheFile.Entry::file).thenComparingLong(CacheFile.Entry::offset));
        return list;
    }

    /**
     * Starts reading the cache file of {@code archive} on {@code executor} (while the inputs are
     * listed, say), so that the loader threads find it read. Harmless for a path that turns out to
     * be no archive of the link: a file no member of the run belongs to is never written. Work
     * handed to the executor later than this (the loader's) must not start before it: a loader
     * thread waits for the file its member needs.
     */
    public void prefetch(Path archive, java.util.concurrent.Executor executor) {
        if (directory == null) {
            return;
        }
        Path key = archive.toAbsolutePath().normalize();
        executor.execute(() -> group(key));
    }

    /** Each cache file is read once, by the first worker that needs it; the others wait only for that file. */
    private Group group(Path archive) {
        return groups.computeIfAbsent(archive, a -> new Group(directory.resolve(fileName(a)), fingerprint));
    }

    /** The cache file of an archive: a hash of its absolute path, and its name for people who look. */
    static String fileName(Path archive) {
        String name = archive.getFileName() == null ? "root" : archive.getFileName().toString();
        return HexFormat.of().formatHex(sha256(archive.toString().getBytes(StandardCharsets.UTF_8)), 0, 8)
                + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".ltocache";
    }

    /** One lookup. */
    public final class Probe {
        private final Group group;
        private final ObjectSource source;
        private final InputObject object;
        private byte[] hash;

        private Probe(Group group, ObjectSource source, InputObject object) {
            this.group = group;
            this.source = source;
            this.object = object;
        }

        /** The cached result for these bytes, if the cache has it. */
        public Optional<CachedMember> hit() {
            if (group == null) {
                return Optional.empty();
            }
            String location = CacheFile.Entry.location(source.file().toString(), source.offset());
            CacheFile.Entry known = group.byLocation.get(location);
            if (known != null && known.stamp().equals(source.stamp())
                    && known.stamp().modifiedNanos() < group.writtenAtNanos(location) - RACY_WINDOW_NANOS) {
                Optional<CachedMember> member = decode(known);
                if (member.isPresent()) {
                    group.kept.put(location, known);
                    trusted.incrementAndGet();
                    return member;
                }
            }
            CacheFile.Entry sameBytes = group.byHash.get(ContentHash.text(hash()));
            if (sameBytes != null) {
                Optional<CachedMember> member = decode(sameBytes);
                if (member.isPresent()) {
                    CacheFile.Entry renewed = new CacheFile.Entry(source.file().toString(), source.offset(),
                            source.stamp(), hash(), sameBytes.member());
                    group.kept.put(location, renewed);
                    // Rewritten even when the stamp is unchanged: a racily clean entry becomes trusted.
                    group.changed.set(true);
                    verified.incrementAndGet();
                    return member;
                }
            }
            return Optional.empty();
        }

        /** Records what reading the member produced (after a miss). */
        public void store(CachedMember member) {
            read.incrementAndGet();
            if (group == null) {
                return;
            }
            group.kept.put(CacheFile.Entry.location(source.file().toString(), source.offset()),
                    new CacheFile.Entry(source.file().toString(), source.offset(), source.stamp(), hash(),
                            ByteBuffer.wrap(MemberCodec.encode(member))));
            group.changed.set(true);
        }

        /**
         * Records that LLVM read the member when a finding named it, and agreed with the facts kept
         * for it (found here, or stored by this run): the entry keeps its stamp and content hash,
         * which gate its reuse. Not a read: the counts do not change.
         */
        public void agreedInFinding() {
            if (group == null) {
                return;
            }
            String location = CacheFile.Entry.location(source.file().toString(), source.offset());
            CacheFile.Entry entry = group.kept.get(location);
            if (entry == null) {
                return; // nothing kept for these bytes (a result the cache does not keep)
            }
            group.kept.put(location, new CacheFile.Entry(entry.file(), entry.offset(), entry.stamp(),
                    entry.contentHash(), MemberCodec.agreedInFinding(entry.member())));
            group.changed.set(true);
        }

        private byte[] hash() {
            if (hash == null) {
                hash = ContentHash.of(object.bytes()); // maps a member not mapped yet
            }
            return hash;
        }
    }

    private static Optional<CachedMember> decode(CacheFile.Entry entry) {
        try {
            return Optional.of(MemberCodec.decode(entry.member().duplicate()));
        } catch (CacheFormatException e) {
            return Optional.empty();
        }
    }

    /** The entries of one cache file and its journal, as read at the start of the run, and those kept for the next. */
    private static final class Group {
        final Path path;
        final Map<String, CacheFile.Entry> byLocation = new HashMap<>();
        final Map<String, CacheFile.Entry> byHash = new HashMap<>();
        /** When the run that wrote the file began. */
        long startedAtNanos;
        /**
         * The file's CRC, which a journal names; {@link CacheFile.Contents#NO_CRC} when the file was
         * not used. This and the fields below follow the file once this run has written it.
         */
        long fileCrc;
        /** How many entries the file itself holds. */
        int fileEntries;
        /** The locations whose entry came from the journal, and when the run that wrote it began. */
        final java.util.Set<String> journalled = new java.util.HashSet<>();
        long journalStartedAtNanos;
        final Map<String, CacheFile.Entry> kept = new ConcurrentHashMap<>();
        final AtomicBoolean changed = new AtomicBoolean();
        /** Some member of this run belongs here: a file only prefetched (no such archive in the end) is left alone. */
        volatile boolean probed;
        /** A save of this run could not write the file: later saves leave it alone. */
        volatile boolean failed;
        /** Why the file was not read (it is not this user's alone), or null. */
        final String refusal;

        Group(Path path, String fingerprint) {
            this.path = path;
            CacheFile.Contents contents;
            String untrusted = null;
            try {
                contents = CacheFile.read(path, fingerprint);
            } catch (CacheTrust.UntrustedException e) {
                // Never read; replaced by what this run reads (the folder is this user's alone).
                untrusted = e.getMessage();
                contents = new CacheFile.Contents(Long.MIN_VALUE, List.of());
                changed.set(true);
            } catch (NoSuchFileException e) {
                contents = new CacheFile.Contents(Long.MIN_VALUE, List.of());
            } catch (IOException | CacheFormatException e) {
                // Damaged, another format, another build: start afresh and overwrite it.
                contents = new CacheFile.Contents(Long.MIN_VALUE, List.of());
                changed.set(true);
            }
            refusal = untrusted;
            startedAtNanos = contents.startedAtNanos();
            fileCrc = contents.crc();
            fileEntries = contents.entries().size();
            for (CacheFile.Entry e : contents.entries()) {
                byLocation.put(e.location(), e);
                byHash.put(ContentHash.text(e.contentHash()), e);
            }
            CacheFile.Contents journal = fileCrc == CacheFile.Contents.NO_CRC ? null : journal(path, fingerprint, fileCrc);
            journalStartedAtNanos = journal == null ? Long.MIN_VALUE : journal.startedAtNanos();
            if (journal != null) {
                for (CacheFile.Entry e : journal.entries()) {
                    byLocation.put(e.location(), e);
                    byHash.put(ContentHash.text(e.contentHash()), e);
                    journalled.add(e.location());
                }
            }
        }

        /** The journal that amends the file, or null: none, damaged, untrusted, or of an older file (then unused). */
        private static CacheFile.Contents journal(Path path, String fingerprint, long fileCrc) {
            try {
                return CacheFile.readJournal(CacheFile.journalOf(path), fingerprint, fileCrc);
            } catch (IOException | CacheFormatException e) {
                return null; // CacheTrust.UntrustedException too: a journal written now is renamed over it
            }
        }

        long writtenAtNanos(String location) {
            return journalled.contains(location) ? journalStartedAtNanos : startedAtNanos;
        }

        /**
         * What the journal is to hold, given the entries to keep, or null when the file is to be
         * written whole: it was not used, an entry was dropped, or the journal would outgrow an
         * eighth of the file.
         */
        List<CacheFile.Entry> journalEntries(Map<String, CacheFile.Entry> kept) {
            if (fileCrc == CacheFile.Contents.NO_CRC || !kept.keySet().containsAll(byLocation.keySet())) {
                return null;
            }
            List<CacheFile.Entry> journal = new ArrayList<>();
            for (Map.Entry<String, CacheFile.Entry> e : kept.entrySet()) {
                // An entry taken as it was read is the same object; a renewed or new one is not.
                if (journalled.contains(e.getKey()) || e.getValue() != byLocation.get(e.getKey())) {
                    journal.add(e.getValue());
                }
            }
            return journal.size() <= Math.max(JOURNAL_MIN_ENTRIES, fileEntries / 8) ? journal : null;
        }

        /** The file now holds {@code kept} and nothing amends it: a later save of this run writes a journal. */
        void fileWritten(Map<String, CacheFile.Entry> kept, long crc, long runStartedAtNanos) {
            byLocation.clear();
            byLocation.putAll(kept);
            journalled.clear();
            fileCrc = crc;
            fileEntries = kept.size();
            startedAtNanos = runStartedAtNanos;
        }

        /** The journal now holds {@code journal}: a later save of this run writes it again with more. */
        void journalWritten(List<CacheFile.Entry> journal, long runStartedAtNanos) {
            for (CacheFile.Entry e : journal) {
                byLocation.put(e.location(), e);
                journalled.add(e.location());
            }
            journalStartedAtNanos = runStartedAtNanos;
        }
    }

    /** Names cache files after archive paths: a few bytes, hashed once per archive. */
    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long nanosSinceEpoch(Instant t) {
        return ChronoUnit.NANOS.between(Instant.EPOCH, t);
    }

    /**
     * What must match for cached results to be reused: the cache format, the LLVM that read the
     * members, and this build of ltocheck (version, and the jar's size and time, or the newest
     * class file when run from a class folder, as the tests do: a rebuilt development build must
     * not reuse what an older one decoded).
     */
    private static String buildFingerprint() {
        String version = MemberCache.class.getPackage().getImplementationVersion();
        String build;
        try {
            Path code = Path.of(MemberCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                build = Files.size(code) + "/" + Files.getLastModifiedTime(code).toMillis();
            } else {
                try (var classes = Files.walk(code)) {
                    build = "classes/" + classes.filter(f -> f.toString().endsWith(".class"))
                            .mapToLong(MemberCache::modifiedMillis).max().orElse(0);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            build = "unknown";
        }
        return "ltocheck " + (version == null ? "dev" : version) + " LLVM " + Toolchain.LLVM_VERSION
                + " format " + CacheFile.FORMAT + " build " + build;
    }
}
