package dev.ltocheck.cli;

/** Counted nouns for the CLI's own lines: "1 object", "2 objects". */
final class Plural {
    private Plural() {
    }

    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
