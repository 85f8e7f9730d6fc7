package dev.ltocheck.session;

import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.ThinLinkGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library façade: each way of obtaining the thin link gives lld's imports, whatever -j. */
class LinkSessionTest {
    /** The samples' saved link passes -mllvm -import-instr-limit=5, as Linux does: nothing to add. */
    private static final LinkModel KERNEL = LinkModel.DEFAULTS;

    @TempDir
    Path cacheDir;

    private final StringWriter err = new StringWriter();

    private LinkRequest request(String scenario, LinkModel model, int threads, boolean cache) {
        return new LinkRequest(new LinkRequest.SavedCommand(Samples.dir(scenario).resolve(".vmlinux.o.cmd")), List.of(),
                true, model, threads, false, new LinkRequest.Cache(cache, cacheDir), Optional.of("a test"));
    }

    private LoadedLink load(LinkRequest request) {
        try (LinkSession session = LinkSession.open(request, new PrintWriter(err, true), false)) {
            return session.load();
        }
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void computedEarlyRecalledAndRecomputedAreAllLldsThinLink(String scenario) throws IOException {
        LoadedLink early = load(request(scenario, KERNEL, 2, true));
        assertInstanceOf(ThinLinkOrigin.ComputedEarly.class, early.thinLink());
        ThinLinkGolden.assertSameAsLld(scenario, early.imports());
        // close() awaited the writes: the next run finds every member and the thin link.
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".ltocache")));
        }
        LoadedLink recalled = load(request(scenario, KERNEL, 2, true));
        assertInstanceOf(ThinLinkOrigin.Recalled.class, recalled.thinLink());
        ThinLinkGolden.assertSameAsLld(scenario, recalled.imports());
        // Other options: the members come from the cache, the thin link is computed again.
        LinkModel other = new LinkModel(List.of(), 3, false, null, List.of(), Optional.empty());
        LoadedLink recomputed = load(request(scenario, other, 2, true));
        assertEquals(new ThinLinkOrigin.Recomputed(recomputed.thinLink().nanos(), false), recomputed.thinLink());
        assertEquals(summary(early.imports()), summary(recomputed.imports()));
        assertEquals("", err.toString());
    }

    @ParameterizedTest
    @FieldSource("dev.ltocheck.support.Samples#THIN")
    void theThreadCountChangesNothing(String scenario) {
        ImportResult one = load(request(scenario, KERNEL, 1, false)).imports();
        ImportResult four = load(request(scenario, KERNEL, 4, false)).imports();
        ThinLinkGolden.assertSameAsLld(scenario, one);
        assertEquals(summary(one), summary(four));
    }

    @Test
    void aLinkWithNothingReadableIsRefused() {
        LinkRequest request = new LinkRequest(new LinkRequest.Named(List.of(cacheDir.resolve("missing.a").toString())),
                List.of(), false, KERNEL, 1, false, new LinkRequest.Cache(false, null), Optional.empty());
        assertEquals("no input could be read", assertThrows(NoLinkException.class, () -> load(request)).getMessage());
        assertTrue(err.toString().contains("missing.a"), err::toString);
    }

    /**
     * The tree's auto.conf names the user's ld.lld (CONFIG_LLD_VERSION); one larger than a tree's text
     * may be (RegularFile.MAX_TEXT_BYTES) is not read whole, so it names nothing.
     */
    @Test
    void autoConfIsReadAsATreesTextBounded() throws IOException {
        Path tree = cacheDir.resolve("tree");
        org.apache.commons.io.FileUtils.copyDirectory(Samples.dir("lld16-x86-pie").toFile(), tree.toFile(), false);
        assertEquals("CONFIG_LLD_VERSION in include/config/auto.conf", lld(tree).from());
        // Sparse: the line kbuild writes, then zeros past the bound (no disk is used for them).
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(tree.resolve("include/config/auto.conf").toFile(),
                "rw")) {
            file.setLength(dev.ltocheck.input.RegularFile.MAX_TEXT_BYTES + 1);
        }
        assertNotEquals("CONFIG_LLD_VERSION in include/config/auto.conf", lld(tree).from());
        assertTrue(err.toString().contains("auto.conf not read ("), err.toString());
    }

    @Test
    void aByteThatIsNotUtf8InAutoConfKeepsItsLldVersion() throws IOException {
        Path tree = cacheDir.resolve("latin1");
        org.apache.commons.io.FileUtils.copyDirectory(Samples.dir("lld16-x86-pie").toFile(), tree.toFile(), false);
        Path conf = tree.resolve("include/config/auto.conf");
        // A Kconfig string may hold any byte (CONFIG_CMDLINE): a strict decoder refused the whole file.
        java.nio.file.Files.write(conf, "CONFIG_CMDLINE=\"console=\u00e9\"\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals("CONFIG_LLD_VERSION in include/config/auto.conf", lld(tree).from());
        assertEquals(16, lld(tree).version().major());
    }

    private dev.ltocheck.llvm.UserLinker.Found lld(Path tree) {
        LinkRequest request = new LinkRequest(new LinkRequest.SavedCommand(tree.resolve(".vmlinux.o.cmd")), List.of(),
                true, KERNEL, 1, false, new LinkRequest.Cache(false, null), Optional.empty());
        try (LinkSession session = LinkSession.open(request, new PrintWriter(err, true), false)) {
            return session.lld(session.load().inputs());
        }
    }

    /** Every module's imports, by names: what two thin links of the same modules must agree on. */
    private static List<String> summary(ImportResult result) {
        return result.perModule().stream().map(m -> result.modules().get(m.module()).name() + " <- "
                + m.imports().stream().map(i -> i.promoted() + "@" + result.modules().get(i.source()).name()).toList())
                .toList();
    }
}
