package dev.ltocheck.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A report's writer that can also pass bytes through as they are. A diff of a file that is not
 * UTF-8 must reach {@code git apply} with that file's bytes, which no encoder gives back from text
 * (a Latin-1 byte decoded as UTF-8 is U+FFFD, written as EF BF BD).
 */
public final class BytePrintWriter extends PrintWriter {
    private final OutputStream stream;

    public BytePrintWriter(OutputStream stream, boolean autoFlush, Charset charset) {
        super(stream, autoFlush, charset);
        this.stream = stream;
    }

    /**
     * Writes {@code bytes} after what {@code out} has been given so far. A writer that is not a
     * {@code BytePrintWriter} (a test's StringWriter) can only hold text: it gets them decoded as UTF-8.
     */
    public static void writeBytes(PrintWriter out, byte[] bytes) {
        if (out instanceof BytePrintWriter raw) {
            raw.writeRaw(bytes);
        } else {
            out.print(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private void writeRaw(byte[] bytes) {
        synchronized (lock) {
            // The text before them is encoded and in the stream first.
            flush();
            try {
                stream.write(bytes);
                stream.flush();
            } catch (IOException e) {
                // As PrintWriter does: checkError() says so.
                setError();
            }
        }
    }
}
