package dev.ltocheck.flags;

import java.util.Locale;

/**
 * A float or double constant as LLVM's assembly writer prints it: six significant digits and a
 * padding zero in exponent form ({@code 5.000000e-01}) when that text reads back as the same double, else the
 * double's bits in hex ({@code 0x3FB999999999999A}); a float is printed as the double it widens to.
 */
public final class LlvmFloats {
    private LlvmFloats() {
    }

    public static String text(double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            // LLVM rounds to six significant digits and pads a zero (APFloat::toString(Str, 6, 0)):
            // 1.234567 is not 1.234567e+00 but, since 1.23457 does not read back as it, hex.
            String six = String.format(Locale.ROOT, "%.5e", value);
            if (Double.parseDouble(six) == value) {
                int e = six.indexOf('e');
                return six.substring(0, e) + "0" + six.substring(e);
            }
        }
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(value));
    }
}
