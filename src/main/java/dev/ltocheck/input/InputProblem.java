package dev.ltocheck.input;

/**
 * An input, or part of one, that could not be read; the analysis goes on without it.
 *
 * @param subject the member as lld names it, or the path as given
 * @param message what is wrong, with the numbers that show it
 */
public record InputProblem(String subject, String message) {

    /** One line, whatever bytes a damaged file put into the text: control characters are escaped. */
    public InputProblem {
        subject = printable(subject);
        message = printable(message);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The one line shown to the user. */
    public String line() {
        return subject + ": " + message;
    }
}
