package dev.ltocheck.llvm;

import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clang/lld/llvm-* 20.1.7 binaries shipped in the bytedeco llvm jar, made runnable.
 *
 * <p>JavaCPP extracts them into its cache, but they need {@code libLLVM.so.20.1} and
 * {@code libclang-cpp.so.20.1} while the jar ships only the unversioned names. We create those
 * soname links (and the usual tool aliases) in a private folder of the same cache and point
 * {@code LD_LIBRARY_PATH} of child processes at it. The JVM's own environment is never changed.
 */
public final class Toolchain {
    public static final String LLVM_VERSION = "20.1.7";
    private static final Map<String, String> LIBRARY_LINKS = Map.of(
            "libLLVM.so.20.1", "libLLVM.so",
            "libclang-cpp.so.20.1", "libclang-cpp.so");
    // Names kbuild's LLVM=1 and our scripts call, for binaries shipped under another name.
    private static final Map<String, String> TOOL_LINKS = Map.of(
            "ld.lld", "lld",
            "llvm-ranlib", "llvm-ar",
            "llvm-strip", "llvm-objcopy",
            "llvm-readelf", "llvm-readobj");

    private final Path binaries;
    private final Path links;

    private Toolchain(Path binaries, Path links) {
        this.binaries = binaries;
        this.links = links;
    }

    /** Extracts (first time only) and prepares the bundled toolchain. */
    public static Toolchain locate() throws IOException {
        String clang = Loader.load(org.bytedeco.llvm.program.clang.class);
        Loader.load(org.bytedeco.llvm.program.llvm.class);
        if (clang == null) {
            throw new IOException("the bytedeco llvm jar for this platform is not on the class path");
        }
        Path binaries = Path.of(clang).getParent();
        Path links = binaries.resolveSibling("ltocheck-links-" + LLVM_VERSION);
        Files.createDirectories(links);
        for (Map.Entry<String, String> e : LIBRARY_LINKS.entrySet()) {
            link(links.resolve(e.getKey()), binaries.resolve(e.getValue()));
        }
        for (Map.Entry<String, String> e : TOOL_LINKS.entrySet()) {
            if (!Files.exists(binaries.resolve(e.getKey()))) {
                link(links.resolve(e.getKey()), binaries.resolve(e.getValue()));
            }
        }
        return new Toolchain(binaries, links);
    }

    // Concurrent callers (parallel tests, two ltocheck runs) may race; a link made by another is fine.
    private static void link(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        Path temporary = link.resolveSibling(link.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createSymbolicLink(temporary, target);
            Files.move(temporary, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
        }
    }

    /** Where a tool is: the jar's binaries first, then our alias links. */
    public Path tool(String name) {
        Path direct = binaries.resolve(name);
        return Files.exists(direct) ? direct : links.resolve(name);
    }

    /** Folders to put first on PATH: the binaries and their aliases. */
    public List<Path> path() {
        return List.of(binaries, links);
    }

    /** Environment additions a child process needs to run the bundled tools. */
    public Map<String, String> environment(Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", binaries + ":" + links + suffix(inherited.get("PATH")));
        env.put("LD_LIBRARY_PATH", links + suffix(inherited.get("LD_LIBRARY_PATH")));
        return env;
    }

    /** A process builder for one of the bundled tools, environment prepared. */
    public ProcessBuilder command(String tool, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(tool(tool).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment(builder.environment()));
        return builder;
    }

    private static String suffix(String existing) {
        return existing == null || existing.isEmpty() ? "" : ":" + existing;
    }
}
