package org.callhome.shared.ssh.cert;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The certificate serials one KRL certificate section revokes, all unsigned 64-bit: ranges (a
 * listed serial is a range of one) merged and sorted for a binary search, and bitmaps kept as they
 * came, sorted by their first serial. A bitmap spans at most {@link KrlReader#MAX_BITMAP_BYTES}
 * times 8 serials, so a lookup visits only the few bitmaps that start that close below it. Serial 0
 * is never revoked: it is what a CA writes when it sets none (OpenSSH ignores it the same way).
 */
final class RevokedSerials {

    static final RevokedSerials NONE = new Builder().build();

    private static final long MAX_BITMAP_SPAN = KrlReader.MAX_BITMAP_BYTES * 8L;

    private final long[] rangeStarts;
    private final long[] rangeEnds;
    private final long[] bitmapStarts;
    private final BigInteger[] bitmaps;

    private RevokedSerials(long[] rangeStarts, long[] rangeEnds, long[] bitmapStarts, BigInteger[] bitmaps) {
        this.rangeStarts = rangeStarts;
        this.rangeEnds = rangeEnds;
        this.bitmapStarts = bitmapStarts;
        this.bitmaps = bitmaps;
    }

    boolean contains(long serial) {
        if (serial == 0) {
            return false;
        }
        int range = lastStartingAtOrBefore(rangeStarts, serial);
        if (range >= 0 && Long.compareUnsigned(serial, rangeEnds[range]) <= 0) {
            return true;
        }
        for (int i = lastStartingAtOrBefore(bitmapStarts, serial); i >= 0; i--) {
            long index = serial - bitmapStarts[i];
            if (Long.compareUnsigned(index, MAX_BITMAP_SPAN) >= 0) {
                return false;
            }
            if (bitmaps[i].testBit((int) index)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return rangeStarts.length == 0 && bitmaps.length == 0;
    }

    /** Index of the last of the sorted {@code starts} that is at or below {@code serial}, or -1. */
    private static int lastStartingAtOrBefore(long[] starts, long serial) {
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(starts[middle], serial) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /** Collects one certificate section's serials; the reader has checked each already. */
    static final class Builder {

        private final List<long[]> ranges = new ArrayList<>();
        private final List<Bitmap> bitmaps = new ArrayList<>();

        void addRange(long first, long last) {
            ranges.add(new long[] {first, last});
        }

        void addBitmap(long first, BigInteger bits) {
            if (bits.signum() != 0) {
                bitmaps.add(new Bitmap(first, bits));
            }
        }

        RevokedSerials build() {
            ranges.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
            List<long[]> merged = new ArrayList<>();
            for (long[] range : ranges) {
                long[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                // previous[1] + 1 wraps to 0 only for the last serial there is, which then covers everything after it
                if (previous != null && (previous[1] == -1L || Long.compareUnsigned(range[0], previous[1] + 1) <= 0)) {
                    if (Long.compareUnsigned(range[1], previous[1]) > 0) {
                        previous[1] = range[1];
                    }
                } else {
                    merged.add(range.clone());
                }
            }
            bitmaps.sort(Comparator.comparing(Bitmap::first, Long::compareUnsigned));
            return new RevokedSerials(merged.stream().mapToLong(r -> r[0]).toArray(),
                    merged.stream().mapToLong(r -> r[1]).toArray(),
                    bitmaps.stream().mapToLong(Bitmap::first).toArray(),
                    bitmaps.stream().map(Bitmap::bits).toArray(BigInteger[]::new));
        }
    }

    private record Bitmap(long first, BigInteger bits) {
    }
}
