package dev.ltocheck.input;

import java.util.regex.Pattern;

/**
 * A text as one literal word of a POSIX shell command ltocheck prints for the user to run: a name
 * taken from the tree may hold a space, {@code $}, a quote or {@code ;}, and must still be that one
 * name when the line is pasted. The inverse of the splitting {@link LinkLine#splitCommand} does.
 */
public final class ShellWord {
    /** Characters no shell gives a meaning to in a word: such a word is printed as it is. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+,:=@%-]+");

    private ShellWord() {
    }

    /** {@code text} single-quoted, each {@code '} in it as {@code '\''}. */
    public static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * {@code text} as it is when nothing in it means anything to the shell, else {@link #quoted}.
     * A path that begins with {@code -} is given {@code ./} first, so that no command takes it for an
     * option.
     */
    public static String of(String text) {
        String word = text.startsWith("-") ? "./" + text : text;
        return PLAIN.matcher(word).matches() ? word : quoted(word);
    }
}
