package dev.ltocheck.kbuild;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.input.RegularFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one reader of kbuild's saved commands: a {@code .<target>.cmd} file holds
 * {@code savedcmd_<target> := <command>} (kbuild before Linux 6.2 wrote {@code cmd_<target> := }),
 * then {@code source_}/{@code deps_} lines that say nothing of the command. The saved command may
 * go on after the first one ({@code .vmlinux.o.cmd}'s {@code ; ./tools/objtool/objtool ...}):
 * {@link #savedWords} keeps only the first.
 *
 * <p>Files are read through {@link RegularFile}: a FIFO or a device is one exception line, never a hang.
 */
public final class CmdFile {
    private static final List<String> PREFIXES = List.of("savedcmd_", "cmd_");
    private static final String ASSIGN = ":= ";

    private CmdFile() {
    }

    /** The {@code .<name>.cmd} file kbuild saves beside {@code target}. */
    public static Path of(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".cmd");
    }

    /**
     * The command text saved in {@code file}, or empty when the file does not exist or saves no command.
     *
     * @throws IOException when it exists but cannot be read, is not a regular file, or is too large
     */
    public static Optional<String> savedCommand(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return savedCommand(RegularFile.readText(file));
    }

    /** The command text of a .cmd file's first {@code savedcmd_}/{@code cmd_} line, if it has one. */
    public static Optional<String> savedCommand(String text) {
        return text.lines().map(CmdFile::commandOf).flatMap(Optional::stream).findFirst();
    }

    /** True when {@code text} is a .cmd file's: its first line saves a command. */
    public static boolean isSaved(String text) {
        return text.lines().findFirst().flatMap(CmdFile::commandOf).isPresent();
    }

    /**
     * The saved command of {@code file} split into words as the shell would, without the program name and
     * without whatever follows the first command.
     */
    public static Optional<List<String>> savedWords(Path file) throws IOException {
        return savedCommand(file).map(LinkLine::splitCommand);
    }

    /**
     * The linker command in a saved file: a .cmd file's saved command, or the last line of a file (a
     * build log made with V=1, a saved command line) that runs a linker, split into words without the
     * program name. Empty when no line runs a linker.
     */
    public static Optional<List<String>> linkerCommand(String text) {
        return lastLinkerLine(text).map(LinkLine::splitCommand);
    }

    /** The program of {@link #linkerCommand}'s line ({@code ld.lld-16}, {@code /opt/llvm/bin/ld.lld}). */
    public static Optional<String> linkerProgram(String text) {
        return lastLinkerLine(text).map(command -> LinkLine.firstCommand(command).get(0));
    }

    /**
     * As {@link #linkerProgram(String)}, for a file; empty too when it cannot be read (the version of
     * the linker is then found another way).
     */
    public static Optional<String> linkerProgram(Path file) {
        try {
            return linkerProgram(RegularFile.readText(file));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> lastLinkerLine(String text) {
        String found = null;
        for (String line : text.lines().toList()) {
            String command = commandOf(line).orElse(line.strip());
            List<String> words = LinkLine.firstCommand(command);
            if (!words.isEmpty() && LinkLine.isLinker(words.get(0))) {
                found = command;
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code savedcmd_<target> := <command>} or {@code cmd_<target> := <command>}: the command, stripped. */
    private static Optional<String> commandOf(String line) {
        String stripped = line.strip();
        for (String prefix : PREFIXES) {
            int assign = stripped.indexOf(ASSIGN);
            if (stripped.startsWith(prefix) && assign > prefix.length()) {
                return Optional.of(stripped.substring(assign + ASSIGN.length()).strip());
            }
        }
        return Optional.empty();
    }
}
