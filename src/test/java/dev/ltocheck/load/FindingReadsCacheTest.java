package dev.ltocheck.load;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.modules.LlvmCoverage;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.report.Coverage;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What LLVM reads for the modules findings name is kept by the member cache: a warm run whose
 * findings name the same modules has LLVM read none of them, and every run, cold, warm or partly
 * warm, ends with the module set a run without the cache has (x86-pie: 25 modules in findings).
 */
class FindingReadsCacheTest {
    @TempDir
    Path work;
    private Path tree;
    private Path cacheDir;

    @BeforeEach
    void copySampleTree() throws Exception {
        tree = work.resolve("x86-pie");
        cacheDir = work.resolve("cache");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        // Built an hour ago: older than any cache written now, so stamps alone can be trusted.
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
            }
        }
    }

    /** One run: load, check, LLVM confirms the findings, the cache is saved. */
    private record Run(ModuleSet set, CheckResult check, LlvmReadPolicyTest.Counting llvm) {
        /** How many modules LLVM was asked for in all. */
        int asked() {
            return llvm.asked.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private Run run(MemberCache cache) throws Exception {
        LlvmReadPolicyTest.Counting llvm = new LlvmReadPolicyTest.Counting(name -> false);
        Inputs inputs = InputCollector.collect(tree, List.of("vmlinux.a"), List.of("lib/lib.a"));
        ModuleSet set = ModuleSetLoader.loadWhile(inputs, 2, llvm.readers(), cache, LlvmReads.NEEDED, early -> null)
                .modules();
        CheckResult check = LlvmReadPolicyTest.check(set);
        assertEquals(Optional.empty(), set.confirmByLlvm(check.modulesNamed()));
        assertEquals(List.of(), cache.save().problems());
        return new Run(set, check, llvm);
    }

    private void assertSameAsWithoutCache(Run run) throws Exception {
        Run uncached = run(MemberCache.disabled());
        assertEquals(uncached.check().lldLines(), run.check().lldLines());
        assertEquals(Coverage.of(uncached.set()).llvmLine(), Coverage.of(run.set()).llvmLine());
        assertEquals(uncached.set().problems(), run.set().problems());
        List<LoadedObject.BitcodeModule> expected = uncached.set().bitcode();
        List<LoadedObject.BitcodeModule> actual = run.set().bitcode();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).facts(), actual.get(i).facts(), expected.get(i).id().lldName());
            assertEquals(expected.get(i).readBy(), actual.get(i).readBy(), expected.get(i).id().lldName());
            assertEquals(expected.get(i).llvmRefused(), actual.get(i).llvmRefused());
        }
    }

    @Test
    void aWarmRunHasLlvmReadNoModuleAFindingNames() throws Exception {
        Run cold = run(MemberCache.in(cacheDir));
        assertEquals("LLVM read 27 of 29 members: 2 flag-set representatives, 25 in findings.",
                Coverage.of(cold.set()).llvmLine());
        assertEquals(new LlvmCoverage.FindingReads(25, 0), cold.set().findingReads());
        assertEquals(27, cold.asked());

        Run warm = run(MemberCache.in(cacheDir));
        assertEquals(0, warm.asked(), warm.llvm().asked.toString());
        assertEquals(new LlvmCoverage.FindingReads(0, 25), warm.set().findingReads());
        assertSameAsWithoutCache(warm);
        assertSameAsWithoutCache(cold);
    }

    @Test
    void aPartlyWarmRunHasLlvmReadOnlyTheChangedModulesAFindingNames() throws Exception {
        Run cold = run(MemberCache.in(cacheDir));
        Set<String> named = cold.check().modulesNamed();
        // Modules a finding names that LLVM read for it (not as a representative).
        List<LoadedObject.BitcodeModule> confirmed = cold.set().bitcode().stream()
                .filter(m -> m.readBy() == dev.ltocheck.llvm.FlagsReadBy.LLVM_FINDING).toList();
        assertTrue(confirmed.size() > 5 && confirmed.stream().allMatch(m -> named.contains(m.id().lldName())));

        // Touched, same bytes: found by their hash, and LLVM's agreement with them with it.
        for (LoadedObject.BitcodeModule m : confirmed.subList(0, 5)) {
            Files.setLastModifiedTime(tree.resolve(m.id().member()),
                    FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES)));
        }
        Run touched = run(MemberCache.in(cacheDir));
        assertEquals(0, touched.asked(), touched.llvm().asked.toString());
        assertEquals(new LlvmCoverage.FindingReads(0, 25), touched.set().findingReads());
        assertSameAsWithoutCache(touched);

        // Rebuilt by another compiler: bytes never seen, read again by ltocheck's readers, and by
        // LLVM (its flags are a set of their own); none other is.
        LoadedObject.BitcodeModule rebuilt = confirmed.get(0);
        Path member = tree.resolve(rebuilt.id().member());
        Files.copy(Samples.dir("clang16").resolve(rebuilt.id().member()), member, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(member, FileTime.from(Instant.now().minus(20, ChronoUnit.MINUTES)));
        Run changed = run(MemberCache.in(cacheDir));
        assertEquals(Set.of(rebuilt.id().lldName()), changed.llvm().asked.keySet());
        assertEquals(1, changed.asked());
        assertSameAsWithoutCache(changed);

        Run again = run(MemberCache.in(cacheDir));
        assertEquals(0, again.asked(), again.llvm().asked.toString());
        assertSameAsWithoutCache(again);
    }
}
