package dev.ltocheck.input;

/**
 * An input, or part of one, that could not be read; the analysis goes on without it.
 *
 * @param subject the member as lld names it, or the path as given
 * @param message what is wrong, with the numbers that show it
 */
public record InputProblem(String subject, String message) {

    /** The one line shown to the user. */
    public String line() {
        return subject + ": " + message;
    }
}
