package dev.ltocheck.cache;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The thin link's outcome is recalled exactly (and equals lld's recorded thin link of every
 * sample), and only for the same modules, bytes and options.
 */
class ThinLinkMemoTest {
    private static final ImportOptions KERNEL = ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5"));

    @TempDir
    Path cacheDir;

    private record Loaded(MemberCache cache, ModuleSet set, List<ThinModule> offered, List<byte[]> hashes) {
    }

    private Loaded load(String scenario) {
        MemberCache cache = MemberCache.in(cacheDir, "test build");
        // As the samples' link: vmlinux.a whole, the lib.a archives lazily.
        List<String> archives = Samples.archives(scenario);
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(Samples.dir(scenario), archives.subList(0, 1),
                archives.subList(1, archives.size())), 2, BitcodeLoader::new, cache);
        List<byte[]> hashes = new ArrayList<>();
        set.bitcode().forEach(m -> hashes.add(cache.contentHash(m.input())));
        return new Loaded(cache, set, set.thinModules(), hashes);
    }

    private Optional<ThinLinkMemo> memo(Loaded l, List<byte[]> hashes, LinkOptions link, ImportOptions options) {
        return ThinLinkMemo.of(l.cache(), Samples.dir("x86-pie"), l.offered(), hashes, link, options);
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void whatIsRecalledIsWhatTheThinLinkComputed(String scenario) throws IOException {
        Loaded l = load(scenario);
        ImportResult computed = ThinLink.run(l.offered(), LinkOptions.RELOCATABLE, KERNEL);
        ThinLinkMemo memo = memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow();
        assertEquals(Optional.empty(), memo.find(l.offered()));
        memo.store(computed, l.offered());
        ImportResult recalled = memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().find(l.offered())
                .orElseThrow();
        assertEquals(computed, recalled);
        // And what is recalled is what lld's own thin link of the sample imports.
        ThinLinkGolden.assertSameAsLld(scenario, recalled);
    }

    @Test
    void aMemoFileOthersCanWriteIsNotReadAndIsReplaced() throws IOException {
        Loaded l = load("x86-pie");
        ImportResult computed = ThinLink.run(l.offered(), LinkOptions.RELOCATABLE, KERNEL);
        assertEquals(List.of(), memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().store(computed, l.offered()));
        Path file;
        try (var files = java.nio.file.Files.list(cacheDir)) {
            file = files.filter(f -> f.toString().endsWith(".thinlink")).findFirst().orElseThrow();
        }
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        ThinLinkMemo memo = memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow();
        assertEquals(Optional.empty(), memo.find(l.offered()));
        assertEquals(List.of("warning: the cache file " + file + " is writable by group and others (mode 0666):"
                + " not read (this run's own replaces it)"), memo.store(computed, l.offered()));
        assertEquals(computed, memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().find(l.offered())
                .orElseThrow());
    }

    @Test
    void anyDifferenceInModulesBytesOrOptionsIsAMiss() throws IOException {
        Loaded l = load("x86-pie");
        ImportResult computed = ThinLink.run(l.offered(), LinkOptions.RELOCATABLE, KERNEL);
        memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().store(computed, l.offered());

        List<byte[]> oneChanged = new ArrayList<>(l.hashes());
        byte[] changed = oneChanged.get(3).clone();
        changed[15] ^= 1;
        oneChanged.set(3, changed);
        assertEquals(Optional.empty(), memo(l, oneChanged, LinkOptions.RELOCATABLE, KERNEL).orElseThrow().find(l.offered()));
        assertEquals(Optional.empty(), memo(l, l.hashes(), LinkOptions.RELOCATABLE, ImportOptions.LLVM_DEFAULTS)
                .orElseThrow().find(l.offered()));
        LinkOptions executable = LinkOptions.executable("start_kernel", List.of(), java.util.Set.of());
        assertEquals(Optional.empty(), memo(l, l.hashes(), executable, KERNEL).orElseThrow().find(l.offered()));
        // The same link again is still recalled: a miss leaves the stored outcome alone.
        assertEquals(Optional.of(computed), memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow()
                .find(l.offered()));
    }

    @Test
    void aModuleWhoseBytesAreUnknownMeansNoMemo() {
        Loaded l = load("x86-pie");
        List<byte[]> oneUnknown = new ArrayList<>(l.hashes());
        oneUnknown.set(0, null);
        assertEquals(Optional.empty(), memo(l, oneUnknown, LinkOptions.RELOCATABLE, KERNEL));
        assertEquals(Optional.empty(), ThinLinkMemo.of(MemberCache.disabled(), cacheDir, l.offered(), l.hashes(),
                LinkOptions.RELOCATABLE, KERNEL));
    }

    @Test
    void aDamagedMemoIsAMiss() throws IOException {
        Loaded l = load("x86-pie");
        ImportResult computed = ThinLink.run(l.offered(), LinkOptions.RELOCATABLE, KERNEL);
        memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().store(computed, l.offered());
        Path file;
        try (Stream<Path> files = Files.list(cacheDir)) {
            file = files.filter(f -> f.toString().endsWith(".thinlink")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertEquals(Optional.empty(), memo(l, l.hashes(), LinkOptions.RELOCATABLE, KERNEL).orElseThrow().find(l.offered()));
    }

    /** Each field of the options, changed alone, changes the key: a field added later cannot be left out of it. */
    @Test
    void everyImportOptionIsInTheKey() throws Exception {
        ImportOptions base = ImportOptions.LLVM_DEFAULTS;
        java.lang.reflect.RecordComponent[] fields = ImportOptions.class.getRecordComponents();
        Class<?>[] types = new Class<?>[fields.length];
        Object[] values = new Object[fields.length];
        for (int f = 0; f < fields.length; f++) {
            types[f] = fields[f].getType();
            values[f] = fields[f].getAccessor().invoke(base);
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        keys.add(java.util.HexFormat.of().formatHex(optionsKey(base)));
        for (int f = 0; f < fields.length; f++) {
            Object[] changed = values.clone();
            changed[f] = values[f] instanceof Integer n ? (Object) (n + 1) : values[f] instanceof Float x
                    ? (Object) (x + 0.25f) : (Object) !(Boolean) values[f];
            ImportOptions variant = ImportOptions.class.getDeclaredConstructor(types).newInstance(changed);
            assertEquals(true, keys.add(java.util.HexFormat.of().formatHex(optionsKey(variant))), fields[f].getName());
        }
        assertEquals(fields.length + 1, keys.size());
    }

    private static byte[] optionsKey(ImportOptions options) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            ThinLinkMemo.writeOptions(out, options);
        }
        return bytes.toByteArray();
    }
}
