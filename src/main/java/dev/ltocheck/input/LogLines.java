package dev.ltocheck.input;

import java.io.IOException;
import java.io.Reader;

/** A build log read line by line, never held whole: only the lines a caller keeps stay in memory. */
public final class LogLines {
    /** The longest log line kept: lld's lines are far shorter; a longer one is skipped, never held whole. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private LogLines() {
    }

    /**
     * Hands each line of {@code reader} to {@code each}, without its line end; a line longer than
     * {@link #MAX_LINE_CHARS} is skipped as it is read, so no line is held whole beyond that.
     *
     * @return how many lines were read
     */
    public static long eachLine(Reader reader, java.util.function.Consumer<String> each) throws IOException {
        char[] buffer = new char[64 * 1024];
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        long lines = 0;
        int n;
        while ((n = reader.read(buffer)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    if (!overlong) {
                        line.append(buffer, from, i - from);
                        each.accept(stripCr(line));
                    }
                    lines++;
                    line.setLength(0);
                    overlong = false;
                    from = i + 1;
                }
            }
            if (!overlong) {
                line.append(buffer, from, n - from);
                if (line.length() > MAX_LINE_CHARS) {
                    overlong = true;
                    line.setLength(0);
                }
            }
        }
        if (!overlong && line.length() > 0) {
            each.accept(stripCr(line));
            lines++;
        }
        return lines;
    }

    private static String stripCr(StringBuilder line) {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
    }
}
