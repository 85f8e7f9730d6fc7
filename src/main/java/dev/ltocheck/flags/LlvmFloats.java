package dev.ltocheck.flags;

import java.util.Locale;

/**
 * A float or double constant as LLVM's assembly writer prints it: six digits after the point in
 * exponent form ({@code 5.000000e-01}) when that text reads back as the same double, else the
 * double's bits in hex ({@code 0x3FB999999999999A}); a float is printed as the double it widens to.
 */
public final class LlvmFloats {
    private LlvmFloats() {
    }

    public static String text(double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            String decimal = String.format(Locale.ROOT, "%.6e", value);
            if (Double.parseDouble(decimal) == value) {
                return decimal;
            }
        }
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(value));
    }
}
