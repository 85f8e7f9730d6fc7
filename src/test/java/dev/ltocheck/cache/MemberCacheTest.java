package dev.ltocheck.cache;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.ModuleSummary;
import dev.ltocheck.support.NewerProducer;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The member cache gives back exactly what reading the members gave, and only when it may. */
class MemberCacheTest {
    private static final String BUILD = "test build";

    @TempDir
    Path work;
    private Path tree;
    private Path cacheDir;
    private int bitcodeMembers;

    @BeforeEach
    void copySampleTree() throws IOException {
        tree = work.resolve("x86-pie");
        cacheDir = work.resolve("cache");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        // Built an hour ago: older than any cache written now, so stamps alone can be trusted.
        setAllModified(Instant.now().minus(1, ChronoUnit.HOURS));
        bitcodeMembers = load(MemberCache.disabled()).bitcode().size();
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#ALL")
    void everyMemberOfEverySampleDecodesToWhatWasRead(String scenario) {
        Inputs inputs = InputCollector.collect(Samples.dir(scenario), Samples.archives(scenario));
        for (LoadedObject.BitcodeModule m : ModuleSetLoader.load(inputs, 2).bitcode()) {
            assertRoundTrip(m);
        }
    }

    @Test
    void aMemberLlvmRefusedKeepsItsReasonAndWhatOurReadersRead() throws Exception {
        Path crafted = work.resolve("head64-llvm22.o");
        Files.write(crafted, NewerProducer.craft(Files.readAllBytes(tree.resolve("arch/x86/kernel/head64.o"))));
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(work, List.of("head64-llvm22.o")), 1);
        assertTrue(set.bitcode().get(0).llvmRefused() != null);
        assertRoundTrip(set.bitcode().get(0));
    }

    @Test
    void aSecondRunTrustsTheStampsAndReadsNothing() {
        ModuleSet cold = load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        ModuleSet warm = load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
        assertSameModules(cold, warm);
        assertSameModules(load(MemberCache.disabled()), warm);
    }

    @Test
    void aTouchedMemberIsCheckedByItsHashAndAChangedOneIsReadAgain() throws IOException {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path memory = tree.resolve("mm/memory.o");
        Files.setLastModifiedTime(memory, FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 1, 0);

        // numa.o's bytes are in the cache already (as another member): found by their hash.
        Files.copy(tree.resolve("mm/numa.o"), memory, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(memory, FileTime.from(Instant.now().minus(20, ChronoUnit.MINUTES)));
        ModuleSet moved = load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 1, 0);
        assertEquals("mm/numa.c", member(moved, "mm/memory.o").summary().sourceFilename());
        assertSameModules(load(MemberCache.disabled()), moved);

        // Bytes never seen: read.
        Files.copy(Samples.dir("clang16").resolve("mm/memory.o"), memory, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(memory, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
        ModuleSet rebuilt = load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 0, 1);
        assertTrue(member(rebuilt, "mm/memory.o").summary().producer().startsWith("LLVM16"),
                member(rebuilt, "mm/memory.o").summary().producer());
        assertSameModules(load(MemberCache.disabled()), rebuilt);
    }

    private static LoadedObject.BitcodeModule member(ModuleSet set, String name) {
        return set.bitcode().stream().filter(m -> name.equals(m.id().member())).findFirst().orElseThrow();
    }

    @Test
    void aMemberModifiedJustBeforeTheCacheWasWrittenIsNotTrustedByItsStamp() throws IOException {
        Files.setLastModifiedTime(tree.resolve("mm/memory.o"), FileTime.from(Instant.now()));
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        // Same stamp as recorded, but a change within the same clock tick would have kept it.
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 1, 0);
    }

    @Test
    void aDamagedCacheFileIsIgnoredAndRewritten() throws IOException {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        int inOtherFiles = cachedOutside(file);
        ModuleSet rebuilt = load(MemberCache.in(cacheDir, BUILD), inOtherFiles, 0, bitcodeMembers - inOtherFiles);
        assertSameModules(load(MemberCache.disabled()), rebuilt);
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);

        Files.write(file, Arrays.copyOf(bytes, 100)); // truncated
        load(MemberCache.in(cacheDir, BUILD), inOtherFiles, 0, bitcodeMembers - inOtherFiles);

        // The header is checked too: a damaged start time (after the magic, the format and the
        // fingerprint) would decide which stamps are trusted; the file is ignored instead.
        bytes = Files.readAllBytes(file);
        bytes["LTOCHECK-CACHE\n".length() + 4 + 4 + BUILD.length()] ^= (byte) 0x80;
        Files.write(file, bytes);
        load(MemberCache.in(cacheDir, BUILD), inOtherFiles, 0, bitcodeMembers - inOtherFiles);
    }

    @Test
    void aRefusalThatMayNotRepeatIsReportedButNotCached() {
        ModuleReader workerDied = new ModuleReader() {
            @Override
            public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
                throw new BitcodeLoadException("libLLVM crashed reading this member (isolated worker exited with signal 9)",
                        false);
            }

            @Override
            public void close() {
            }
        };
        MemberCache cache = MemberCache.in(cacheDir, BUILD);
        ModuleSet failed = ModuleSetLoader.load(inputs(), 2, () -> workerDied, cache);
        assertEquals(List.of(), cache.save().problems());
        assertTrue(failed.bitcode().stream().allMatch(m -> m.llvmRefused() != null));
        // Nothing of that run was kept: the next run reads every member, and LLVM reads them all.
        ModuleSet next = load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        assertTrue(next.bitcode().stream().allMatch(m -> m.llvmRefused() == null));
    }

    @Test
    void aCacheWrittenByAnotherBuildIsNotUsed() {
        load(MemberCache.in(cacheDir, "another build"), 0, 0, bitcodeMembers);
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
    }

    @Test
    void aCacheThatCannotBeWrittenIsOneLineAndChangesNoResult() throws IOException {
        Path notADirectory = work.resolve("file");
        Files.writeString(notADirectory, "x");
        MemberCache cache = MemberCache.in(notADirectory, BUILD);
        ModuleSet set = ModuleSetLoader.load(inputs(), 2, BitcodeLoader::new, cache);
        // Refused before anything is read or written (CacheTrust): one line, and the run uncached.
        assertEquals(List.of("the cache folder " + notADirectory + " is not a folder: the member cache is not used"),
                cache.refusals());
        assertEquals(List.of(), cache.save().problems());
        assertSameModules(load(MemberCache.disabled()), set);
    }

    @Test
    void aPrefetchedFileNoMemberOfTheRunBelongsToIsLeftAlone() throws IOException {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        byte[] before = Files.readAllBytes(file);
        // A run whose archive turned out to be missing: its cache file was read, nothing probed it.
        MemberCache cache = MemberCache.in(cacheDir, BUILD);
        cache.prefetch(tree.resolve("vmlinux.a"), Runnable::run); // read before the run: the case a prefetch makes
        ModuleSetLoader.load(InputCollector.collect(tree, List.of(), List.of("lib/lib.a")), 1, BitcodeLoader::new, cache);
        assertEquals(List.of(), cache.save().problems());
        assertArrayEquals(before, Files.readAllBytes(file));
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
    }

    @Test
    void aThinMemberChangedOrRemovedAfterListingIsOneLineAndNeverCachedByItsOldStamp() throws IOException {
        Inputs listed = inputs();
        Path changed = tree.resolve("mm/memory.o");
        Path removed = tree.resolve("mm/numa.o");
        Files.write(changed, Files.readAllBytes(changed), java.nio.file.StandardOpenOption.APPEND);
        Files.delete(removed);
        MemberCache cache = MemberCache.in(cacheDir, BUILD);
        ModuleSet set = ModuleSetLoader.load(listed, 2, BitcodeLoader::new, cache);
        assertEquals(List.of(), cache.save().problems());
        List<String> problems = set.problems().stream().map(p -> p.line()).toList();
        assertTrue(problems.contains("vmlinux.a(memory.o at " + offsetOf(listed, "mm/memory.o")
                + "): changed since ltocheck listed the inputs"), problems.toString());
        assertTrue(problems.contains("vmlinux.a(numa.o at " + offsetOf(listed, "mm/numa.o") + "): no such file"),
                problems.toString());
        assertEquals(bitcodeMembers - 2, set.bitcode().size());
    }

    private static long offsetOf(Inputs inputs, String member) {
        return inputs.objects().stream().filter(o -> o.id().member().equals(member)).findFirst().orElseThrow()
                .id().offset();
    }

    @Test
    void aCacheNothingChangedInIsNotRewritten() throws IOException {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        FileTime written = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.setLastModifiedTime(file, FileTime.from(written.toInstant().minusSeconds(60)));
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
        assertEquals(written.toInstant().minusSeconds(60), Files.getLastModifiedTime(file).toInstant());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aFewRenewedEntriesGoToTheJournalAndTheFileIsLeftAsItWas() throws Exception {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        byte[] bytes = Files.readAllBytes(file);
        Path journal = CacheFile.journalOf(file);

        renewOneEntry();
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(1, CacheFile.readJournal(journal, BUILD, crcOf(bytes)).entries().size());
        // The journal's stamp is trusted on the next run; what comes back is what reading gives.
        assertSameModules(load(MemberCache.disabled()), load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0));

        // Bytes never seen, added to the journal beside the renewed stamp.
        Files.copy(Samples.dir("clang16").resolve("mm/numa.o"), tree.resolve("mm/numa.o"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tree.resolve("mm/numa.o"), FileTime.from(Instant.now().minus(20, ChronoUnit.MINUTES)));
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 0, 1);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(2, CacheFile.readJournal(journal, BUILD, crcOf(bytes)).entries().size());
        assertSameModules(load(MemberCache.disabled()), load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0));
    }

    @Test
    void aJournalThatWouldOutgrowItsBoundIsFoldedIntoTheFile() throws IOException {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        Path journal = CacheFile.journalOf(file);
        renewOneEntry();
        assertTrue(Files.exists(journal));

        // Every member renewed: more than the journal may hold (the sample's archive has over 16).
        int inOtherFiles = cachedOutside(file);
        assertTrue(bitcodeMembers - inOtherFiles > 16, bitcodeMembers + " members, " + inOtherFiles + " in lib.a");
        setAllModified(Instant.now().minus(10, ChronoUnit.MINUTES));
        byte[] before = Files.readAllBytes(file);
        load(MemberCache.in(cacheDir, BUILD), 0, bitcodeMembers, 0);
        assertTrue(!Arrays.equals(before, Files.readAllBytes(file)), "the file was written whole");
        assertTrue(Files.notExists(journal));
        assertSameModules(load(MemberCache.disabled()), load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0));
    }

    @Test
    void aDamagedJournalOrOneOfAnotherFileIsIgnored() throws Exception {
        load(MemberCache.in(cacheDir, BUILD), 0, 0, bitcodeMembers);
        Path file = largestCacheFile();
        byte[] bytes = Files.readAllBytes(file);
        Path journal = CacheFile.journalOf(file);
        renewOneEntry();

        CacheFormatException other = org.junit.jupiter.api.Assertions.assertThrows(CacheFormatException.class,
                () -> CacheFile.readJournal(journal, BUILD, crcOf(bytes) ^ 1));
        assertEquals("a journal of another cache file", other.getMessage());

        byte[] written = Files.readAllBytes(journal);
        written[written.length / 2] ^= 0x40;
        Files.write(journal, written);
        // The file's old stamp for memory.o: its bytes decide again, and the journal is written anew.
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 1, 0);
        assertEquals(1, CacheFile.readJournal(journal, BUILD, crcOf(bytes)).entries().size());
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
    }

    @Test
    void whatLlvmReadForFindingsAfterTheSaveGoesToAJournalOfTheFileTheRunWrote() throws Exception {
        MemberCache cache = MemberCache.in(cacheDir, BUILD);
        ModuleSet set = load(cache, 0, 0, bitcodeMembers); // written whole
        Path file = largestCacheFile();
        byte[] written = Files.readAllBytes(file);
        assertFalse(cache.unsaved());
        java.util.Set<String> named = set.bitcode().stream().filter(m -> !m.readBy().byLlvm()).limit(2)
                .map(m -> m.id().lldName()).collect(java.util.stream.Collectors.toSet());
        assertEquals(java.util.Optional.empty(), set.confirmByLlvm(named));
        assertTrue(cache.unsaved());
        assertEquals(new MemberCache.Saved(1, List.of()), cache.save());
        assertFalse(cache.unsaved());
        assertArrayEquals(written, Files.readAllBytes(file), "the file is left as this run wrote it");
        List<CacheFile.Entry> journal = CacheFile.readJournal(CacheFile.journalOf(file), BUILD, crcOf(written)).entries();
        assertEquals(2, journal.size());
        for (CacheFile.Entry e : journal) {
            assertTrue(MemberCodec.decode(e.member().duplicate()).llvmAgreedInFinding(), e.location());
        }
        for (CacheFile.Entry e : CacheFile.read(file, BUILD).entries()) {
            assertFalse(MemberCodec.decode(e.member().duplicate()).llvmAgreedInFinding(), e.location());
        }
        assertEquals(new MemberCache.Saved(0, List.of()), cache.save(), "nothing more to write");
        // The next run finds every member by its stamp, file and journal together.
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers, 0, 0);
    }

    /** mm/memory.o touched, same bytes: the next run finds it by its hash and renews its entry (in the journal). */
    private void renewOneEntry() throws IOException {
        Files.setLastModifiedTime(tree.resolve("mm/memory.o"), FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        load(MemberCache.in(cacheDir, BUILD), bitcodeMembers - 1, 1, 0);
    }

    /** The CRC32C that ends a cache file, which its journal names. */
    private static long crcOf(byte[] file) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(file).getInt(file.length - 4));
    }

    private ModuleSet load(MemberCache cache, int trusted, int verified, int read) {
        ModuleSet set = load(cache);
        assertEquals(new MemberCache.Counts(trusted, verified, read), cache.counts());
        return set;
    }

    private ModuleSet load(MemberCache cache) {
        ModuleSet set = ModuleSetLoader.load(inputs(), 2, BitcodeLoader::new, cache);
        assertEquals(List.of(), cache.save().problems());
        return set;
    }

    private Inputs inputs() {
        return InputCollector.collect(tree, List.of("vmlinux.a"), List.of("lib/lib.a"));
    }

    private Path largestCacheFile() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
    }

    /** Members cached in the other files of the cache folder (lib/lib.a's). */
    private int cachedOutside(Path file) throws IOException {
        MemberCache probe = MemberCache.in(cacheDir, BUILD);
        ModuleSetLoader.load(InputCollector.collect(tree, List.of(), List.of("lib/lib.a")), 1, BitcodeLoader::new, probe);
        assertTrue(Files.exists(file));
        return probe.counts().trusted();
    }

    private void setAllModified(Instant when) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(when));
            }
        }
    }

    private static void assertRoundTrip(LoadedObject.BitcodeModule m) {
        CachedMember decoded;
        try {
            decoded = MemberCodec.decode(ByteBuffer.wrap(MemberCodec.encode(
                    new CachedMember(m.facts(), m.summary(), m.llvmRefused()))));
        } catch (CacheFormatException e) {
            throw new AssertionError(m.id() + ": " + e.getMessage(), e);
        }
        assertEquals(m.facts(), decoded.facts(), m.id().lldName());
        assertSameSummary(m.summary(), decoded.summary());
        assertEquals(m.llvmRefused(), decoded.llvmRefused());
    }

    private static void assertSameModules(ModuleSet expected, ModuleSet actual) {
        assertEquals(expected.bitcode().size(), actual.bitcode().size());
        for (int i = 0; i < expected.bitcode().size(); i++) {
            LoadedObject.BitcodeModule e = expected.bitcode().get(i);
            LoadedObject.BitcodeModule a = actual.bitcode().get(i);
            assertEquals(e.input(), a.input());
            assertEquals(e.facts(), a.facts(), e.id().lldName());
            assertSameSummary(e.summary(), a.summary());
            assertEquals(e.llvmRefused(), a.llvmRefused());
        }
        assertEquals(expected.natives(), actual.natives());
        assertEquals(expected.problems(), actual.problems());
        assertEquals(expected.warnings(), actual.warnings());
    }

    /** Record equality, except the hash array, compared by content. */
    private static void assertSameSummary(ModuleSummary expected, ModuleSummary actual) {
        assertArrayEquals(expected.hash(), actual.hash());
        long[] same = expected.hash();
        assertEquals(expected, new ModuleSummary(actual.producer(), actual.sourceFilename(), actual.triple(),
                actual.kind(), actual.version(), actual.indexFlags(), actual.blockCount(), same, actual.globals(),
                actual.symbols(), actual.warning()));
    }
}
