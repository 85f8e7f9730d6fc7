package dev.ltocheck.bitstream;

/** Records made by hand, for tests of what a record's operands mean (no bitstream behind them). */
public final class HandMadeRecords {
    private HandMadeRecords() {
    }

    public static Record of(int code, long... operands) {
        Record r = new Record();
        r.reset(null);
        r.setCode(code);
        for (long op : operands) {
            r.add(op);
        }
        return r;
    }
}
