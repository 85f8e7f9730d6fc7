package dev.ltocheck.difftest;

import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ModuleImports;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.LinkLine;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.summary.Guid;
import dev.ltocheck.support.ThinLinkGolden;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real kernel (scripts/bench-kernel): every module's predicted imports against lld's own thin
 * link of the kernel's vmlinux.o line. Run by scripts/diff-kernel-imports; skipped otherwise.
 */
class KernelImportsTest {
    @Test
    void realKernelImportsEqualLldsThinLink() throws Exception {
        String tree = System.getProperty("ltocheck.kernel", "");
        Assumptions.assumeTrue(!tree.isEmpty(), "run through scripts/diff-kernel-imports");
        Path objtree = Path.of(tree);
        String saved = Files.readString(objtree.resolve(".vmlinux.o.cmd")).replaceFirst("^savedcmd_vmlinux.o := ", "");
        List<String> words = new ArrayList<>(List.of(saved.strip().split("\\s+")));
        words = words.subList(0, words.contains(";") ? words.indexOf(";") : words.size());
        Path out = Files.createTempDirectory("ltocheck-kernel-thinlink");
        List<String> lld = new ArrayList<>(words.subList(1, words.size()));
        lld.set(lld.indexOf("vmlinux.o"), out.resolve("vmlinux.o").toString());
        lld.addAll(List.of("--thinlto-index-only", "--thinlto-emit-imports-files", "--thinlto-prefix-replace=;" + out + "/"));
        Tools.check(objtree, "ld.lld", lld.toArray(String[]::new));
        List<String> modules = ThinLinkGolden.collectThinLinkOutput(out);
        Map<String, Set<String>> expected = new TreeMap<>(ThinLinkGolden.importedPairs(out, modules));

        LinkLine line = LinkLine.parse(LinkLine.splitCommand(saved), ".vmlinux.o.cmd");
        ModuleSet set = ModuleSetLoader.load(InputCollector.collect(objtree, line.eager(), line.lazy()), 2);
        ImportResult result = ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(line.mllvm()));
        Map<String, Set<String>> actual = new TreeMap<>();
        modules.forEach(m -> actual.put(m, new TreeSet<>()));
        int pairs = 0;
        for (ModuleImports mi : result.perModule()) {
            Set<String> s = new TreeSet<>();
            mi.imports().forEach(i -> s.add(Guid.text(i.guid()) + " " + result.modules().get(i.source()).name()));
            actual.put(result.modules().get(mi.module()).name(), s);
            pairs += s.size();
        }
        int differing = 0;
        for (String m : modules) {
            if (!expected.get(m).equals(actual.get(m))) {
                differing++;
            }
        }
        String summary = "kernel: " + modules.size() + " modules in lld's thin link, " + pairs + " imports predicted, "
                + expected.values().stream().mapToInt(Set::size).sum() + " in lld's per-module indexes, "
                + differing + " modules differ";
        System.out.println(summary);
        Files.writeString(Path.of("target/kernel-imports-summary.txt"), summary + "\n");
        FileUtils.deleteDirectory(out.toFile());
        assertEquals(expected, actual);
    }
}
