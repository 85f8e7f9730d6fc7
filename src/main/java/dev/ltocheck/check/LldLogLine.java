package dev.ltocheck.check;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One module-flag error as lld printed it, in LLVM 20's form or an older one:
 * <pre>
 * ... linking module flags 'K': IDs have conflicting values: 'v' from SRC, and 'w' from DST   (LLVM 20)
 * ... linking module flags 'K': IDs have conflicting values in 'SRC' and 'DST'                 (LLVM 19 and older)
 * ... linking module flags 'K': IDs have conflicting behaviors in 'SRC' and 'DST'
 * ... linking module flags 'K': IDs have conflicting override values in 'SRC' and 'DST'
 * </pre>
 * DST is the importing module, or ld-temp.o for full LTO.
 */
public record LldLogLine(String line, String key, String source, String destination) {
    private static final Pattern NEW_FORM = Pattern.compile(
            "linking module flags '([^']*)': IDs have conflicting values: '.*' from (\\S.*\\)|\\S+), and '.*' from (\\S.*\\)|\\S+)$");
    private static final Pattern OLD_FORM = Pattern.compile(
            "linking module flags '([^']*)': IDs have conflicting (?:values|behaviors|override values) in '([^']*)' and '([^']*)'");

    public static Optional<LldLogLine> parse(String line) {
        String text = line.strip();
        Matcher m = NEW_FORM.matcher(text);
        if (m.find()) {
            return Optional.of(new LldLogLine(text, m.group(1), m.group(2), m.group(3)));
        }
        m = OLD_FORM.matcher(text);
        if (m.find()) {
            return Optional.of(new LldLogLine(text, m.group(1), m.group(2), m.group(3)));
        }
        return Optional.empty();
    }

    /** {@code (head64.o at 724)} of {@code vmlinux.a(head64.o at 724)}: what identifies a member whatever the archive path. */
    public static String memberPart(String name) {
        int open = name.lastIndexOf('(');
        return open >= 0 && name.endsWith(")") ? name.substring(open) : name;
    }

    public boolean fullLto() {
        return destination.equals(LinkCheck.LD_TEMP);
    }
}
