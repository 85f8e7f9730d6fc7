package dev.ltocheck.report;

/**
 * Colour for a terminal: on only when asked (the caller decides: a TTY, and NO_COLOR unset), so
 * that files, pipes and tests get plain text.
 */
public record TextStyle(boolean colour) {
    public static final TextStyle PLAIN = new TextStyle(false);

    /** Colour when standard output is a terminal and NO_COLOR (https://no-color.org) is unset or empty. */
    public static TextStyle forTerminal() {
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        boolean tty = System.console() != null && !"dumb".equals(term);
        return new TextStyle(tty && (noColor == null || noColor.isEmpty()));
    }

    String bold(String text) {
        return wrap("1", text);
    }

    String red(String text) {
        return wrap("1;31", text);
    }

    String green(String text) {
        return wrap("1;32", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    private String wrap(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
