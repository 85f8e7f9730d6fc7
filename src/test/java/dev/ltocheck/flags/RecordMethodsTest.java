package dev.ltocheck.flags;

import dev.ltocheck.input.ObjectSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The records whose equals and hashCode are written out (to keep java.lang.runtime.ObjectMethods
 * out of a cached run) against records of the same components whose methods the compiler
 * generates: the same hash codes (hash order of sets and maps unchanged) and the same equality.
 */
class RecordMethodsTest {
    private record StampShape(long size, long modifiedNanos, String fileKey) {
    }

    private record FlagShape(int behavior, String key, FlagValue value) {
    }

    private record IntShape(int width, long value) {
    }

    private record NodeShape(List<FlagValue> operands) {
    }

    private record NullShape() {
    }

    private record TextShape(String text) {
    }

    private static final long[] LONGS = {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x1_0000_0001L, 1L << 40};

    @Test
    void stampsHashAndCompareAsTheirGeneratedMethodsWould() {
        for (long size : LONGS) {
            for (long time : LONGS) {
                for (String key : new String[]{"", "(dev=803,ino=1234)", null}) {
                    ObjectSource.Stamp stamp = new ObjectSource.Stamp(size, time, key);
                    assertEquals(new StampShape(size, time, key).hashCode(), stamp.hashCode());
                    assertEquals(stamp, new ObjectSource.Stamp(size, time, key));
                    assertEquals(false, stamp.equals(new ObjectSource.Stamp(size + 1, time, key)));
                    assertEquals(false, stamp.equals(new ObjectSource.Stamp(size, time + 1, key)));
                    assertEquals(key == null, stamp.equals(new ObjectSource.Stamp(size, time, null)));
                }
            }
        }
    }

    @Test
    void flagsAndValuesHashAndCompareAsTheirGeneratedMethodsWould() {
        List<FlagValue> values = List.of(new FlagValue.Int(32, 2), new FlagValue.Int(64, -1), new FlagValue.Int(1, 1),
                new FlagValue.Int(32, 7), new FlagValue.Str("tls".getBytes()), new FlagValue.Null(),
                new FlagValue.Constant("ptr @f"), new FlagValue.Constant("double 1.0"), new FlagValue.Damaged("a cycle"),
                new FlagValue.Node(List.of(new FlagValue.Int(32, 1), new FlagValue.Null())),
                new FlagValue.Node(List.of(new FlagValue.Str("a".getBytes()))), new FlagValue.Node(List.of()));
        for (FlagValue v : values) {
            int expected = v instanceof FlagValue.Int i ? new IntShape(i.width(), i.value()).hashCode()
                    : v instanceof FlagValue.Node n ? new NodeShape(n.operands()).hashCode()
                    : v instanceof FlagValue.Null ? new NullShape().hashCode()
                    : v instanceof FlagValue.Constant c ? new TextShape(c.text()).hashCode()
                    : v instanceof FlagValue.Damaged d ? new TextShape(d.why()).hashCode()
                    : v.hashCode();
            assertEquals(expected, v.hashCode(), v::toString);
            for (FlagValue w : values) {
                assertEquals(v == w, v.equals(w), () -> v + " and " + w);
            }
            for (int behavior : new int[]{1, 7, 8, -3}) {
                for (String key : new String[]{"Code Model", "", null}) {
                    ModuleFlag flag = new ModuleFlag(behavior, key, v);
                    assertEquals(new FlagShape(behavior, key, v).hashCode(), flag.hashCode());
                    assertEquals(flag, new ModuleFlag(behavior, key, v));
                    assertEquals(false, flag.equals(new ModuleFlag(behavior + 1, key, v)));
                    assertEquals(key == null, flag.equals(new ModuleFlag(behavior, null, v)));
                    assertEquals(false, flag.equals(new ModuleFlag(behavior, key, new FlagValue.Int(8, 99))));
                }
            }
        }
    }
}
