package dev.ltocheck.cli;

import dev.ltocheck.input.RegularFile;

import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Expands {@code @FILE} arguments as picocli does (same tokenizer: whitespace separates, quotes
 * group, {@code #} starts a comment; {@code @@x} stands for a literal {@code @x}; a file that
 * cannot be read is left as the argument it was; a file already expanded is skipped), with one
 * difference: only a regular file of at most {@link RegularFile#MAX_TEXT_BYTES} is opened. Picocli
 * opens whatever the name names, so {@code @fifo} blocked the run and {@code @folder} ended it with
 * an internal error; here such an argument stays as it is, and the input collector reports it in
 * one line ("@fifo: a FIFO, not a regular file").
 */
final class AtFiles {
    private AtFiles() {
    }

    static String[] expand(String[] args) {
        List<String> out = new ArrayList<>();
        Set<Path> visited = new HashSet<>();
        for (String arg : args) {
            addOrExpand(arg, out, visited);
        }
        return out.toArray(String[]::new);
    }

    private static void addOrExpand(String arg, List<String> out, Set<Path> visited) {
        if (arg.length() < 2 || arg.charAt(0) != '@') {
            out.add(arg);
            return;
        }
        String name = arg.substring(1);
        if (name.startsWith("@")) {
            out.add(name);
            return;
        }
        Path file = Path.of(name).toAbsolutePath();
        if (!Files.isReadable(file)) {
            out.add(arg);
            return;
        }
        if (!visited.add(file)) {
            return;
        }
        String text;
        try {
            text = RegularFile.readText(file);
        } catch (IOException e) {
            out.add(arg); // not a regular file, or too big: reported where the argument is used
            return;
        }
        for (String word : split(text)) {
            addOrExpand(word, out, visited);
        }
    }

    /** Picocli's at-file syntax (its StreamTokenizer set-up, comment character '#'). */
    private static List<String> split(String text) {
        StreamTokenizer tokens = new StreamTokenizer(new StringReader(text));
        tokens.resetSyntax();
        tokens.wordChars(' ', 255);
        tokens.whitespaceChars(0, ' ');
        tokens.quoteChar('"');
        tokens.quoteChar('\'');
        tokens.commentChar('#');
        List<String> words = new ArrayList<>();
        try {
            while (tokens.nextToken() != StreamTokenizer.TT_EOF) {
                words.add(tokens.sval);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a string reader does not fail", e);
        }
        return words;
    }
}
