package dev.ltocheck.kbuild;

import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which kbuild file builds an object, and under which stem: ltocheck's lookup against make's own lists. */
class KbuildLookupTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"x86-pie", "x86-pie-fixed", "clean", "riscv-medany", "stack-align", "x86-pitext", "clang16"})
    void everyObjectOfASampleHasTheKbuildFileAndStemMakeGives(String scenario) throws Exception {
        Path tree = Samples.dir(scenario);
        List<Path> objects = KbuildLookupDifferential.compiledObjects(tree);
        KbuildLookupDifferential.Result result = KbuildLookupDifferential.run(tree, tree, objects, Map.of(), work);
        assertEquals(List.of(), result.disagreements(), result.summary());
        assertEquals(objects.size(), result.listed(), result.summary());
        assertTrue(result.objects() > 0);
    }

    /** The constructs the differential above must cover are really in the sample. */
    @Test
    void x86PieHasBitsNamesConfigListsCompositesAndKbuildFiles() throws Exception {
        KbuildTree tree = new KbuildTree(Samples.dir("x86-pie"), Samples.dir("x86-pie"));
        assertEquals(new KbuildTree.Owner(Path.of("arch/x86/kernel/Makefile"), "head64", "obj-y", null),
                tree.owner(Path.of("arch/x86/kernel/head64.o")).orElseThrow());
        assertTrue(Files.readString(Samples.dir("x86-pie").resolve("arch/x86/kernel/Makefile")).contains("obj-y += head$(BITS).o"));
        assertEquals(new KbuildTree.Owner(Path.of("arch/x86/mm/Makefile"), "pti", "obj-y", null),
                tree.owner(Path.of("arch/x86/mm/pti.o")).orElseThrow());
        assertTrue(Files.readString(Samples.dir("x86-pie").resolve("arch/x86/mm/Makefile"))
                .contains("obj-$(CONFIG_MITIGATION_PAGE_TABLE_ISOLATION) += pti.o"));
        assertEquals(new KbuildTree.Owner(Path.of("fs/ext4/Makefile"), "inode", "ext4-y (a part of ext4.o)", null),
                tree.owner(Path.of("fs/ext4/inode.o")).orElseThrow());
        assertEquals(new KbuildTree.Owner(Path.of("fs/jbd2/Makefile"), "journal", "jbd2-objs (a part of jbd2.o)", null),
                tree.owner(Path.of("fs/jbd2/journal.o")).orElseThrow());
        assertEquals(new KbuildTree.Owner(Path.of("fs/Makefile"), "nfs/nfs4xdr", "obj-y", null),
                tree.owner(Path.of("fs/nfs/nfs4xdr.o")).orElseThrow());
        assertEquals(Path.of("arch/x86/Kbuild"), tree.folder(Path.of("arch/x86")).orElseThrow().file());
        assertEquals(Path.of("Kbuild"), tree.folder(Path.of("")).orElseThrow().file());
        assertEquals(List.of("arch/x86/kernel/Makefile"), List.of(tree.folder(Path.of("arch/x86/kernel")).orElseThrow()
                .file().toString()));
    }

    /** A name ltocheck cannot evaluate: the object's own folder's file, and the plan says why. */
    @Test
    void anUnresolvableNameFallsBackToTheObjectsFolderAndSaysSo() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), work.toFile());
        Path makefile = work.resolve("arch/x86/kernel/Makefile");
        Files.writeString(makefile, Files.readString(makefile).replace("obj-y += head$(BITS).o",
                "obj-y += head$(shell getconf LONG_BIT).o"));
        KbuildTree.Owner owner = new KbuildTree(work, work).owner(Path.of("arch/x86/kernel/head64.o")).orElseThrow();
        assertEquals(Path.of("arch/x86/kernel/Makefile"), owner.kbuildFile());
        assertEquals("head64", owner.stem());
        assertEquals("no list of arch/x86/kernel/Makefile or a parent's names head64.o (not evaluated without make:"
                + " $(shell ...)); taken as its kbuild file", owner.note());

        Files.writeString(makefile, Files.readString(makefile).replace("obj-$(CONFIG_AMD_MEM_ENCRYPT) += sev.o",
                "obj-$(CONFIG_AMD_SEV_SNP) += sev.o"));
        assertEquals("arch/x86/kernel/Makefile lists sev.o only in obj-, which this configuration does not build;"
                        + " taken as its kbuild file",
                new KbuildTree(work, work).owner(Path.of("arch/x86/kernel/sev.o")).orElseThrow().note());
    }

    /**
     * Every kbuild file's lists under another configuration, in an O= object tree holding only
     * that auto.conf: run by scripts/diff-kbuild-lookup --config FILE.
     */
    @Test
    void realKernelTreeUnderAnotherConfigurationAgainstMake() throws Exception {
        String kernel = System.getProperty("ltocheck.kernel.lookup", "");
        String config = System.getProperty("ltocheck.kernel.lookup.config", "");
        Assumptions.assumeTrue(!kernel.isEmpty() && !config.isEmpty(), "run through scripts/diff-kbuild-lookup --config");
        Path srctree = Path.of(kernel);
        Path objtree = Files.createDirectories(work.resolve("objtree/include/config")).getParent().getParent();
        Files.copy(Path.of(config), objtree.resolve("include/config/auto.conf"));
        Path make = Files.createDirectories(work.resolve("make"));
        KbuildLookupDifferential.Result result = KbuildLookupDifferential.run(srctree, objtree, List.of(),
                KbuildLookupDifferential.kbuildFolders(srctree), Tools.toolchain().environment(System.getenv()), make);
        StringBuilder text = new StringBuilder("configuration " + config + ", O= object tree: ").append(result.summary()).append('\n');
        result.disagreements().forEach(d -> text.append(d).append('\n'));
        Files.writeString(Path.of("target/kbuild-lookup-summary.txt"), text);
    }

    /** The kbuild file of every object of a whole kernel tree: run by scripts/diff-kbuild-lookup. */
    @Test
    void realKernelTreeAgainstMake() throws Exception {
        String kernel = System.getProperty("ltocheck.kernel.lookup", "");
        Assumptions.assumeTrue(!kernel.isEmpty() && System.getProperty("ltocheck.kernel.lookup.config", "").isEmpty(),
                "run through scripts/diff-kbuild-lookup");
        Path tree = Path.of(kernel);
        List<Path> objects = KbuildLookupDifferential.compiledObjects(tree);
        KbuildLookupDifferential.Result result = KbuildLookupDifferential.run(tree, tree, objects,
                KbuildLookupDifferential.kbuildFolders(tree), Tools.toolchain().environment(System.getenv()), work);
        StringBuilder text = new StringBuilder(result.summary()).append('\n');
        result.disagreements().forEach(d -> text.append(d).append('\n'));
        Files.writeString(Path.of("target/kbuild-lookup-summary.txt"), text);
        Files.copy(work.resolve("make.err"), Path.of("target/kbuild-lookup-make.err"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
