package dev.ltocheck.text;

/** Counted nouns, said one way in every report and CLI line: "1 object", "2 objects". */
public final class Plural {
    private Plural() {
    }

    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
