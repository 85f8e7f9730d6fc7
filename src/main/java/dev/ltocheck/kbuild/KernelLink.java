package dev.ltocheck.kbuild;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.input.RegularFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds the command kbuild links vmlinux.o with, in a kernel object tree.
 *
 * <p>kbuild saves it in {@code .vmlinux.o.cmd} only after a successful link, so it is missing
 * exactly when a user arrives with a failed one. Then kbuild itself is asked
 * ({@code make -s -n vmlinux_o}) in a tree that is the user's own, unless the user refused it;
 * else the line is rebuilt from {@code include/config/auto.conf} and the lib.a archives that exist.
 */
public final class KernelLink {
    private static final String CMD_FILE = ".vmlinux.o.cmd";
    // CONFIG symbol that names the architecture's source directory.
    private static final Map<String, String> ARCHES = new LinkedHashMap<>();

    static {
        ARCHES.put("CONFIG_X86", "x86");
        ARCHES.put("CONFIG_X86_64", "x86");
        ARCHES.put("CONFIG_RISCV", "riscv");
        ARCHES.put("CONFIG_ARM64", "arm64");
        ARCHES.put("CONFIG_ARM", "arm");
        ARCHES.put("CONFIG_POWERPC", "powerpc");
        ARCHES.put("CONFIG_S390", "s390");
        ARCHES.put("CONFIG_LOONGARCH", "loongarch");
    }

    private KernelLink() {
    }

    /** True when the folder looks like a kernel object tree. */
    public static boolean isObjectTree(Path dir) {
        return Files.exists(dir.resolve(CMD_FILE)) || Files.exists(dir.resolve("include/config/auto.conf"));
    }

    /**
     * The link line of vmlinux.o in {@code objtree}, or empty when none of the three ways works.
     *
     * <p>make runs the tree's Makefiles ({@code make -n} still executes {@code $(shell ...)} and
     * {@code +} recipes), so it is asked only when the user did not refuse it and the tree is the
     * user's own: the folder, its Makefile and, in an O= build, the source tree its Makefile
     * includes ({@link MakeGate}). The line saying that make runs is given before it runs.
     *
     * @param refusal why the user refused make ("--no-make"), or empty
     * @param notes   receives, as they happen, one line per fallback taken and before make runs, for stderr
     */
    public static Optional<LinkLine> find(Path objtree, Optional<String> refusal, Consumer<String> notes) throws IOException {
        Optional<List<String>> saved = CmdFile.savedWords(objtree.resolve(CMD_FILE));
        if (saved.isPresent()) {
            return Optional.of(LinkLine.parse(saved.get(), CMD_FILE));
        }
        Path autoConf = objtree.resolve("include/config/auto.conf");
        if (!Files.exists(autoConf)) {
            return Optional.empty();
        }
        Map<String, String> config = readConfig(autoConf);
        String arch = arch(config);
        Optional<String> notMake = refusal.or(() -> MakeGate.whyNot(objtree));
        if (notMake.isPresent()) {
            notes.accept("no " + CMD_FILE + " and make not run in " + objtree + " (" + notMake.get() + "): link line"
                    + " rebuilt from include/config/auto.conf and the lib.a archives found");
            return Optional.of(rebuild(objtree, config));
        }
        notes.accept("running 'make -s -n vmlinux_o' in " + objtree + " (this runs the tree's Makefiles; --no-make to refuse)");
        Optional<String> fromMake = askMake(objtree, arch);
        if (fromMake.isPresent()) {
            notes.accept("no " + CMD_FILE + " (kbuild writes it only after a successful link): link line from 'make -s -n"
                    + " vmlinux_o ARCH=" + arch + " LLVM=1'");
            return Optional.of(LinkLine.parse(LinkLine.splitCommand(fromMake.get()), "make -n vmlinux_o"));
        }
        notes.accept("no " + CMD_FILE + " and 'make -n vmlinux_o' gave no ld.lld line: link line rebuilt from"
                + " include/config/auto.conf and the lib.a archives found");
        return Optional.of(rebuild(objtree, config));
    }

    static Map<String, String> readConfig(Path autoConf) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : RegularFile.readText(autoConf).lines().toList()) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                config.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return config;
    }

    static String arch(Map<String, String> config) {
        String arch = "x86";
        for (Map.Entry<String, String> e : ARCHES.entrySet()) {
            if ("y".equals(config.get(e.getKey()))) {
                arch = e.getValue();
            }
        }
        return arch;
    }

    private static Optional<String> askMake(Path objtree, String arch) {
        ProcessBuilder builder = new ProcessBuilder("make", "-s", "-n", "vmlinux_o", "ARCH=" + arch, "LLVM=1")
                .directory(objtree.toFile()).redirectErrorStream(true);
        try {
            Path output = Files.createTempFile("ltocheck-make", ".txt");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.empty();
                }
                try (Stream<String> lines = Files.lines(output)) {
                    return lines.map(String::strip)
                            .filter(l -> l.matches("^(\\S*/)?ld\\.lld\\s.*") && l.contains(" -r ") && l.contains("vmlinux.o"))
                            .findFirst();
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static LinkLine rebuild(Path objtree, Map<String, String> config) throws IOException {
        List<String> args = new ArrayList<>();
        if ("y".equals(config.get("CONFIG_LTO_CLANG"))) {
            // Linux's top Makefile: "Limit inlining across translation units to reduce binary size"
            args.addAll(List.of("-mllvm", "-import-instr-limit=5"));
        }
        args.addAll(List.of("-r", "-o", "vmlinux.o", "--whole-archive", "vmlinux.a", "--no-whole-archive",
                "--start-group"));
        try (Stream<Path> walk = Files.walk(objtree)) {
            walk.filter(p -> p.getFileName().toString().equals("lib.a"))
                    .map(p -> objtree.relativize(p).toString())
                    .sorted()
                    .forEach(args::add);
        }
        args.add("--end-group");
        return LinkLine.parse(args, "include/config/auto.conf");
    }
}
