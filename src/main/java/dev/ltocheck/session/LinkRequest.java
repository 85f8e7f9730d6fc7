package dev.ltocheck.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a command asks of a {@link LinkSession}: where the link comes from, how it is modelled,
 * and how the run reads it.
 *
 * @param source          where the link's inputs and options come from
 * @param libraries       archives linked lazily after the inputs (--lib)
 * @param treeLinkOptions whether named inputs in a kernel tree take the tree's link options (not
 *                        for 'flags', which describes exactly the inputs it is given)
 * @param model           the options of lld that change what ThinLTO imports
 * @param threads         threads of each parallel step (-j), 1 or more
 * @param isolate         LLVM reads members and merges flags in a child JVM (--isolate)
 * @param cache           where earlier runs' members are remembered
 * @param makeRefusal     why make must not run, when the user said so
 */
public record LinkRequest(Source source, List<String> libraries, boolean treeLinkOptions, LinkModel model,
                          int threads, boolean isolate, Cache cache, Optional<String> makeRefusal) {

    /** The origin of a link made of the inputs the user named. */
    public static final String COMMAND_LINE = "the command line";

    public LinkRequest {
        libraries = List.copyOf(libraries);
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads);
        }
    }

    /** Where the link comes from. */
    public sealed interface Source {
    }

    /** A saved ld.lld command: a kbuild .cmd file or a file holding the command line (--link-cmd). */
    public record SavedCommand(Path file) implements Source {
    }

    /** ld.lld's own arguments (after --), the linker's name first or not. */
    public record LinkerArguments(List<String> arguments) implements Source {
        public LinkerArguments {
            arguments = List.copyOf(arguments);
        }
    }

    /** Archives, objects and folders named by the user. */
    public record Named(List<String> inputs) implements Source {
        public Named {
            inputs = List.copyOf(inputs);
        }
    }

    /** Nothing named: the link of vmlinux.o in the kernel object tree of the current folder. */
    public record KernelTree() implements Source {
    }

    /**
     * The member cache.
     *
     * @param use       false: read every member and leave the cache alone
     * @param directory where it lives; null: the default place (none: no cache)
     */
    public record Cache(boolean use, Path directory) {
    }

    /** The saved command the link came from, if it came from one. */
    public Optional<Path> linkCmd() {
        return source instanceof SavedCommand s ? Optional.of(s.file()) : Optional.empty();
    }
}
