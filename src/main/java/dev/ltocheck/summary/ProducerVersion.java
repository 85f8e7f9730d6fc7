package dev.ltocheck.summary;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The LLVM major version in a module's producer string ({@code LLVM20.1.7}), which the module itself states. */
public final class ProducerVersion {
    // At most four digits: the string is the module's word, and a longer number is no LLVM version.
    private static final Pattern MAJOR = Pattern.compile("^LLVM(\\d{1,4})\\.");

    private ProducerVersion() {
    }

    /** @return the major version, or 0 when the producer does not say it as LLVM writes it */
    public static int major(String producer) {
        Matcher m = MAJOR.matcher(producer);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
