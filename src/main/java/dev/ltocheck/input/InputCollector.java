package dev.ltocheck.input;

import dev.ltocheck.archive.Archive;
import dev.ltocheck.archive.ArchiveMember;
import dev.ltocheck.archive.ArchiveReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns command-line inputs into the objects of a link, in lld's input order: archives (regular
 * and thin) expand to their members, directories to the {@code *.o} files below them (sorted),
 * {@code @file} to the arguments listed in it.
 *
 * <p>Paths are opened relative to a working directory but named exactly as given, because lld's
 * module names are built from the names on its command line.
 */
public final class InputCollector {
    private static final int MAX_RESPONSE_FILE_DEPTH = 16;

    private final Path workingDir;
    private boolean lazy;
    private final List<InputObject> objects = new ArrayList<>();
    private final List<InputProblem> problems = new ArrayList<>();

    private InputCollector(Path workingDir) {
        this.workingDir = workingDir;
    }

    /** Every input linked as a whole (as archives inside --whole-archive are). */
    public static Inputs collect(Path workingDir, List<String> arguments) {
        return collect(workingDir, arguments, List.of());
    }

    /**
     * @param libraries archives linked lazily after {@code arguments} (kbuild's
     *                  {@code --start-group lib/lib.a --end-group}): a member joins the link only
     *                  if it defines a symbol that is undefined so far
     */
    public static Inputs collect(Path workingDir, List<String> arguments, List<String> libraries) {
        InputCollector collector = new InputCollector(workingDir);
        for (String argument : arguments) {
            collector.add(argument, 0);
        }
        collector.lazy = true;
        for (String library : libraries) {
            collector.add(library, 0);
        }
        return new Inputs(List.copyOf(collector.objects), List.copyOf(collector.problems));
    }

    private void add(String argument, int depth) {
        if (argument.startsWith("@")) {
            addResponseFile(argument.substring(1), depth);
            return;
        }
        Path file = workingDir.resolve(argument);
        if (Files.isDirectory(file)) {
            addDirectory(argument, file);
        } else {
            addFile(argument, file);
        }
    }

    private void addResponseFile(String name, int depth) {
        if (depth >= MAX_RESPONSE_FILE_DEPTH) {
            problems.add(new InputProblem("@" + name, "response files nested deeper than " + MAX_RESPONSE_FILE_DEPTH));
            return;
        }
        try {
            String text = RegularFile.readText(workingDir.resolve(name));
            for (String argument : ResponseFile.split(text)) {
                add(argument, depth + 1);
            }
        } catch (IOException e) {
            problems.add(new InputProblem("@" + name, describe(e)));
        }
    }

    private void addDirectory(String argument, Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> found = walk.filter(p -> p.getFileName().toString().endsWith(".o") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
            for (Path p : found) {
                addFile(join(argument, directory.relativize(p).toString()), p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new InputProblem(argument, "cannot list directory: " + e.getMessage()));
        }
    }

    private void addFile(String argument, Path file) {
        FileMapper.Mapped mapped;
        try {
            mapped = FileMapper.mapWithStamp(file);
        } catch (IOException e) {
            problems.add(new InputProblem(argument, describe(e)));
            return;
        }
        ByteBuffer bytes = mapped.bytes();
        // Members resolve against the archive's folder as given ("sub/../vmlinux.a" through a
        // symbolic link is not "vmlinux.a"); only the cache's keys are normalised.
        Path absolute = file.toAbsolutePath();
        if (ArchiveReader.isArchive(bytes)) {
            addArchive(argument, absolute, mapped);
        } else {
            // Loose object files always join the link, even among libraries.
            objects.add(new InputObject(ModuleId.looseFile(argument), bytes, objects.size(), false,
                    new ObjectSource(parentOf(absolute).normalize(), absolute.normalize(), 0, mapped.stamp())));
        }
    }

    private void addArchive(String argument, Path file, FileMapper.Mapped mapped) {
        ByteBuffer bytes = mapped.bytes();
        Archive archive = ArchiveReader.read(bytes);
        for (ArchiveMember member : archive.members()) {
            if (archive.thin()) {
                addThinMember(argument, file, member);
            } else {
                String path = member.name();
                ByteBuffer data = bytes.slice((int) member.dataOffset(), (int) member.size());
                objects.add(new InputObject(new ModuleId(argument, member.name(), member.headerOffset(), path),
                        data, objects.size(), lazy,
                        new ObjectSource(file.normalize(), file.normalize(), member.dataOffset(), mapped.stamp())));
            }
        }
        archive.damage().ifPresent(e -> problems.add(new InputProblem(argument,
                "archive damaged at offset " + e.offset() + ": " + e.getMessage()
                        + "; " + archive.members().size() + " members before it were read")));
    }

    private void addThinMember(String argument, Path archiveFile, ArchiveMember member) {
        if (member.name().indexOf('\0') >= 0 || member.name().isEmpty()) {
            problems.add(new InputProblem(argument + "(" + ModuleId.basename(member.name()) + " at "
                    + member.headerOffset() + ")", "thin archive member name is not a file name"));
            return;
        }
        // LLVM resolves thin members against the archive's directory unless they are absolute.
        Path memberPath = Path.of(member.name());
        Path file = memberPath.isAbsolute() ? memberPath : parentOf(archiveFile).resolve(memberPath);
        String shown = memberPath.isAbsolute() ? member.name() : join(parentOfName(argument), member.name());
        ModuleId id = new ModuleId(argument, member.name(), member.headerOffset(), shown);
        try {
            // lld reads the member file as it is now; the size in the header is not consulted. The
            // stamp is taken now, the bytes mapped when first needed (a member the cache has by
            // its stamp never is).
            RegularFile.require(file);
            ObjectSource.Stamp stamp = ObjectSource.Stamp.of(file);
            objects.add(InputObject.mappedOnUse(id, file, objects.size(), lazy,
                    new ObjectSource(archiveFile.normalize(), file.toAbsolutePath().normalize(), 0, stamp)));
        } catch (NoSuchFileException e) {
            problems.add(new InputProblem(id.lldName(), "thin archive member " + shown + " is missing"));
        } catch (RegularFile.NotRegularFileException e) {
            problems.add(new InputProblem(id.lldName(), "thin archive member " + shown + " " + e.phrase()));
        } catch (IOException e) {
            problems.add(new InputProblem(id.lldName(), describe(e)));
        }
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }

    private static String parentOfName(String argument) {
        Path parent = Path.of(argument).getParent();
        return parent == null ? "" : parent.toString();
    }

    private static String join(String directory, String name) {
        if (directory.isEmpty() || directory.equals(".")) {
            return Path.of(name).normalize().toString();
        }
        return Path.of(directory).resolve(name).normalize().toString();
    }

    private static String describe(IOException e) {
        return InputObject.describe(e);
    }
}
