package dev.ltocheck.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ld.lld command line that decide what ThinLTO does: which inputs join eagerly
 * (objects, archives inside --whole-archive) and which lazily (other archives), the -mllvm
 * options, and the kind of link; and what the linker wrapper needs of it: the output, lld's error
 * limit, whether it is a probe. The one reader of ld.lld's arguments.
 *
 * @param origin     where the line came from, for the report ("bitcode-samples/x86-pie/.vmlinux.o.cmd")
 * @param output     the output file as given ({@code -o}, {@code -oFILE}, {@code --output}; lld's default {@code a.out})
 * @param errorLimit lld's {@code --error-limit} (20 by default; 0: every line)
 * @param probe      {@code --version}, {@code -v}, {@code -V} or {@code --help}: kbuild's
 *                   {@code ld-version.sh} and {@code ld-option} probes; lld answers without linking
 */
public record LinkLine(List<String> eager, List<String> lazy, List<String> mllvm, boolean relocatable,
                       String entry, List<String> undefined, Integer ltoOptLevel, String origin,
                       String output, int errorLimit, boolean probe) {
    /** lld's output when no -o names one. */
    public static final String DEFAULT_OUTPUT = "a.out";
    /** lld's default --error-limit. */
    public static final int DEFAULT_ERROR_LIMIT = 20;

    /** A line of inputs and options that names no output, error limit or probe (lld's defaults). */
    public LinkLine(List<String> eager, List<String> lazy, List<String> mllvm, boolean relocatable,
                    String entry, List<String> undefined, Integer ltoOptLevel, String origin) {
        this(eager, lazy, mllvm, relocatable, entry, undefined, ltoOptLevel, origin, DEFAULT_OUTPUT,
                DEFAULT_ERROR_LIMIT, false);
    }

    /** Parses ld.lld's arguments (without the program name). Unknown options are ignored. */
    public static LinkLine parse(List<String> arguments, String origin) {
        List<String> eager = new ArrayList<>();
        List<String> lazy = new ArrayList<>();
        List<String> mllvm = new ArrayList<>();
        List<String> undefined = new ArrayList<>();
        boolean relocatable = false;
        boolean wholeArchive = false;
        boolean probe = false;
        String entry = null;
        String output = DEFAULT_OUTPUT;
        int errorLimit = DEFAULT_ERROR_LIMIT;
        Integer lto = null;
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            String next = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
            switch (a) {
                case "-r", "--relocatable", "-i" -> relocatable = true;
                case "--whole-archive" -> wholeArchive = true;
                case "--no-whole-archive" -> wholeArchive = false;
                case "-mllvm", "--mllvm" -> {
                    if (next != null) {
                        mllvm.add(next);
                        i++;
                    }
                }
                case "-e", "--entry" -> {
                    entry = next;
                    i++;
                }
                case "-u", "--undefined" -> {
                    if (next != null) {
                        undefined.add(next);
                    }
                    i++;
                }
                case "-o", "--output", "-output" -> {
                    if (next != null) {
                        output = next;
                    }
                    i++;
                }
                case "--error-limit", "-error-limit" -> {
                    if (next != null) {
                        errorLimit = limit(next, errorLimit);
                    }
                    i++;
                }
                case "--version", "-version", "-v", "-V", "--help", "-help" -> probe = true;
                // Options whose next argument is a value, not an input.
                case "-m", "-T", "--script", "-L", "--library-path", "-z", "-soname", "-h",
                        "-plugin-opt", "--plugin-opt", "-Map", "--version-script", "--dynamic-list", "-y",
                        "--trace-symbol", "--sysroot", "-rpath", "-R", "--defsym", "--wrap" -> i++;
                default -> {
                    if (a.startsWith("--mllvm=") || a.startsWith("-mllvm=")) {
                        mllvm.add(a.substring(a.indexOf('=') + 1));
                    } else if (a.startsWith("--output=") || a.startsWith("-output=")) {
                        output = a.substring(a.indexOf('=') + 1);
                    } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("-o=")) {
                        output = a.substring(2);
                    } else if (a.startsWith("--error-limit=") || a.startsWith("-error-limit=")) {
                        errorLimit = limit(a.substring(a.indexOf('=') + 1), errorLimit);
                    } else if (a.startsWith("--entry=")) {
                        entry = a.substring("--entry=".length());
                    } else if (a.startsWith("--undefined=")) {
                        undefined.add(a.substring("--undefined=".length()));
                    } else if (a.startsWith("--lto-O")) {
                        lto = Integer.parseInt(a.substring("--lto-O".length()).replace("=", ""));
                    } else if (a.startsWith("-plugin-opt=O") || a.startsWith("--plugin-opt=O")) {
                        lto = Integer.parseInt(a.substring(a.indexOf("=O") + 2));
                    } else if (!a.startsWith("-") && !a.isEmpty()) {
                        boolean archive = a.endsWith(".a");
                        (archive && !wholeArchive ? lazy : eager).add(a);
                    }
                }
            }
        }
        return new LinkLine(List.copyOf(eager), List.copyOf(lazy), List.copyOf(mllvm), relocatable, entry,
                List.copyOf(undefined), lto, origin, output, errorLimit, probe);
    }

    private static int limit(String text, int otherwise) {
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return otherwise; // lld refuses it itself, when it links
        }
    }

    /**
     * Splits a shell command as kbuild saves it (quotes and backslashes), dropping the program name
     * and everything after the first command: Linux's saved vmlinux.o command goes on with
     * {@code ; ./tools/objtool/objtool ...}.
     */
    public static List<String> splitCommand(String command) {
        List<String> first = firstCommand(command);
        return first.isEmpty() ? first : first.subList(1, first.size());
    }

    /** The words of the first command in {@code command} (as {@link #splitCommand}), the program name first. */
    public static List<String> firstCommand(String command) {
        List<String> words = ResponseFile.split(command);
        List<String> first = new ArrayList<>();
        for (String word : words) {
            if (word.equals(";") || word.equals("&&") || word.equals("||") || word.equals("|")) {
                break;
            }
            if (word.endsWith(";")) {
                first.add(word.substring(0, word.length() - 1));
                break;
            }
            first.add(word);
        }
        // make LD="/path/to/ltocheck ld": the program is both words (the wrapper's .vmlinux.o.cmd).
        if (first.size() >= 2 && first.get(1).equals("ld")
                && first.get(0).substring(first.get(0).lastIndexOf('/') + 1).equals("ltocheck")) {
            first.set(0, first.get(0) + " ld");
            first.remove(1);
        }
        return first;
    }

    /** The line in ld.lld's own syntax, for showing what was used. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (relocatable) {
            parts.add("-r");
        }
        mllvm.forEach(m -> {
            parts.add("-mllvm");
            parts.add(m);
        });
        if (!eager.isEmpty()) {
            parts.add("--whole-archive");
            parts.addAll(eager);
            parts.add("--no-whole-archive");
        }
        parts.addAll(lazy);
        return String.join(" ", parts);
    }

    /**
     * This line's inputs with the link options of {@code tree} (a kernel tree's own vmlinux.o
     * line) wherever this line has none: its -mllvm options (later -mllvm options of the user
     * still win one by one), --lto-O, -r, --entry, -u, and, when {@code takeLibraries}, the archives
     * it links lazily (lib/lib.a). The eager inputs stay this line's own: none is ever added.
     */
    public LinkLine withOptionsOf(LinkLine tree, boolean takeLibraries, String treeName) {
        List<String> taken = new ArrayList<>();
        tree.mllvm.forEach(m -> taken.add("-mllvm " + m));
        boolean libraries = takeLibraries && lazy.isEmpty() && !tree.lazy.isEmpty();
        if (libraries) {
            taken.add("--start-group " + String.join(" ", tree.lazy) + " --end-group");
        }
        Integer level = ltoOptLevel != null ? ltoOptLevel : tree.ltoOptLevel;
        if (ltoOptLevel == null && tree.ltoOptLevel != null) {
            taken.add("--lto-O" + tree.ltoOptLevel);
        }
        if (tree.relocatable) {
            taken.add("-r");
        }
        List<String> options = new ArrayList<>(tree.mllvm);
        options.addAll(mllvm);
        String described = origin + ", with the link options of " + treeName
                + (taken.isEmpty() ? "" : " (" + String.join(" ", taken) + ")");
        return new LinkLine(eager, libraries ? tree.lazy : lazy, List.copyOf(options), tree.relocatable,
                entry != null ? entry : tree.entry, undefined.isEmpty() ? tree.undefined : undefined, level, described,
                output, errorLimit, probe);
    }

    private static final java.util.regex.Pattern LINKER =
            java.util.regex.Pattern.compile("([\\w.+-]*-)?(ld(\\.lld|\\.bfd|\\.gold)?|lld)(-\\d+(\\.\\d+)*)?");

    /** True for a program name that is a linker: ld.lld, ld, lld, x86_64-linux-gnu-ld, ld.lld-20, or a path to one. */
    public static boolean isLinker(String program) {
        String name = program.substring(program.lastIndexOf('/') + 1);
        return LINKER.matcher(name).matches() || name.equals(WRAPPER) || name.equals("ltocheck-ld");
    }

    /** ltocheck's linker wrapper as kbuild saves it: {@code LD="/path/to/ltocheck ld"}, two words. */
    private static final String WRAPPER = "ltocheck ld";
}
