package dev.ltocheck.imports;

import dev.ltocheck.input.InputCollector;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executable link of the x86-pie sample with only the assembly entry as root: liveness now
 * comes from the native head_64.o's reference to __startup_64, read through the C API.
 */
class ExecutableLinkTest {
    @TempDir
    Path dir;

    @Test
    void nativeReferencesAreRootsAndImportsMatchLld() throws IOException {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), dir.toFile());
        FileUtils.deleteDirectory(dir.resolve("expected").toFile());
        Tools.check(dir, "ld.lld", "-m", "elf_x86_64", "-mllvm", "-import-instr-limit=5", "-e", "startup_64",
                "--thinlto-index-only", "--thinlto-emit-imports-files", "-o", "vmlinux",
                "--whole-archive", "vmlinux.a", "--no-whole-archive", "lib/lib.a");
        List<String> lldModules = ThinLinkGolden.collectThinLinkOutput(dir);
        Map<String, Set<String>> expected = new TreeMap<>(ThinLinkGolden.importedPairs(dir, lldModules));

        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(dir, List.of("vmlinux.a"), List.of("lib/lib.a")), 2);
        assertTrue(set.nativeReferences().contains("__startup_64"), set.nativeReferences()::toString);
        ImportResult result = ThinLink.run(set.thinModules(),
                LinkOptions.executable("startup_64", List.of(), set.nativeReferences()),
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5")));
        Map<String, Set<String>> actual = new TreeMap<>();
        lldModules.forEach(m -> actual.put(m, new TreeSet<>()));
        for (ModuleImports mi : result.perModule()) {
            Set<String> pairs = new TreeSet<>();
            mi.imports().forEach(i -> pairs.add(Guid.text(i.guid()) + " " + result.modules().get(i.source()).name()));
            actual.put(result.modules().get(mi.module()).name(), pairs);
        }
        assertEquals(expected, actual);
        // Only what __startup_64 reaches is live: head64 imports, the ordinary objects do not.
        assertTrue(!actual.get("vmlinux.a(head64.o at 724)").isEmpty());
        assertTrue(actual.get("vmlinux.a(numa.o at 1084)").isEmpty());
    }
}
