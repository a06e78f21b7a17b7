package io.metadiv.episode;

/**
 * {@code numpy.random.default_rng(seed).permutation(n)} bit for bit (numpy's SeedSequence → PCG64 XSL-RR →
 * bounded {@code random_interval} → Fisher-Yates from the end), so class splits equal the reference's.
 */
final class NumpyPermutation {

    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;
    private static final long PCG_MULT_HIGH = 2549297995355413924L;
    private static final long PCG_MULT_LOW = 4865540595714422341L;
    private static final long LOW32 = 0xFFFFFFFFL;
    private static final int ROTATE_SHIFT = 58;

    private long stateHigh;
    private long stateLow;
    private long incHigh;
    private long incLow;
    private boolean hasUint32;
    private int uinteger;

    private NumpyPermutation(long seed) {
        int[] pool = seedSequencePool(seed);
        long[] words = generateState(pool);
        // pcg64_set_seed: state = (w0 << 64 | w1), inc = (w2 << 64 | w3); srandom: inc = (initseq << 1) | 1
        incHigh = (words[2] << 1) | (words[3] >>> 63);
        incLow = (words[3] << 1) | 1L;
        stateHigh = 0;
        stateLow = 0;
        step();
        long low = stateLow + words[1];
        long carry = Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0;
        stateHigh = stateHigh + words[0] + carry;
        stateLow = low;
        step();
    }

    /**
     * The permutation numpy's default generator gives.
     *
     * @param n length
     * @param seed non-negative seed as passed to {@code default_rng}
     * @return a permutation of {@code 0..n-1}
     */
    static int[] permutation(int n, long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("numpy seeds must be non-negative, got " + seed);
        }
        NumpyPermutation rng = new NumpyPermutation(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) rng.interval(i);
            int tmp = out[i];
            out[i] = out[j];
            out[j] = tmp;
        }
        return out;
    }

    private static int[] seedSequencePool(long seed) {
        int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] hash = {INIT_A};
        int[] mixer = new int[POOL_SIZE];
        for (int i = 0; i < POOL_SIZE; i++) {
            mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hash);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hash));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                mixer[dst] = mix(mixer[dst], hashmix(entropy[src], hash));
            }
        }
        return mixer;
    }

    private static int hashmix(int value, int[] hash) {
        int v = value ^ hash[0];
        hash[0] *= MULT_A;
        v *= hash[0];
        return v ^ (v >>> XSHIFT);
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> XSHIFT);
    }

    /** SeedSequence.generate_state(4, uint64): 8 uint32 words viewed little-endian as 4 uint64. */
    private static long[] generateState(int[] pool) {
        int hash = INIT_B;
        int[] words32 = new int[2 * POOL_SIZE];
        for (int i = 0; i < words32.length; i++) {
            int v = pool[i % POOL_SIZE] ^ hash;
            hash *= MULT_B;
            v *= hash;
            words32[i] = v ^ (v >>> XSHIFT);
        }
        long[] words = new long[POOL_SIZE];
        for (int i = 0; i < POOL_SIZE; i++) {
            words[i] = (words32[2 * i] & LOW32) | ((long) words32[2 * i + 1] << 32);
        }
        return words;
    }

    /** state = state · MULT + inc (mod 2¹²⁸). */
    private void step() {
        long low = stateLow * PCG_MULT_LOW;
        long high = unsignedMultiplyHigh(stateLow, PCG_MULT_LOW) + stateLow * PCG_MULT_HIGH + stateHigh * PCG_MULT_LOW;
        long sumLow = low + incLow;
        long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
        stateHigh = high + incHigh + carry;
        stateLow = sumLow;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private long next64() {
        step();
        return Long.rotateRight(stateHigh ^ stateLow, (int) (stateHigh >>> ROTATE_SHIFT));
    }

    private int next32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = next64();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /** numpy's random_interval: uniform in [0, max] by masked rejection. */
    private long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= LOW32) {
            do {
                value = (next32() & LOW32) & mask;
            } while (value > max);
        } else {
            do {
                value = next64() & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }
}
