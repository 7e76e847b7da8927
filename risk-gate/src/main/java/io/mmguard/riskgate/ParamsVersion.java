package io.mmguard.riskgate;

/**
 * How a decision's {@code provenance.config_version} names the thresholds that applied:
 * {@code config.version * 10^12 + p}, where {@code p} is 1 + the {@code mm.control} offset of the
 * last accepted risk {@code SET_PARAM} (0 when only the config file applies). Example:
 * {@code 1000000000042} = config file version 1 with every risk SET_PARAM up to mm.control offset 41
 * folded in. An audit rebuilds the thresholds by reading the config and folding mm.control up to
 * that offset.
 */
public final class ParamsVersion {

    /** The multiplier of the config file's version. */
    public static final long FILE_VERSION_FACTOR = 1_000_000_000_000L;
    /** The largest {@code config.version} that can be packed. */
    public static final long MAX_FILE_VERSION = Long.MAX_VALUE / FILE_VERSION_FACTOR - 1;

    private ParamsVersion() {
    }

    /** The packed version for a config file version and {@code 1 + control offset} (0 = none). */
    public static long of(long fileVersion, long controlOffsetPlusOne) {
        if (fileVersion < 0 || fileVersion > MAX_FILE_VERSION) {
            throw new IllegalArgumentException("config.version " + fileVersion + " is outside 0.." + MAX_FILE_VERSION);
        }
        if (controlOffsetPlusOne < 0 || controlOffsetPlusOne >= FILE_VERSION_FACTOR) {
            throw new IllegalArgumentException("control offset " + (controlOffsetPlusOne - 1) + " cannot be packed");
        }
        return fileVersion * FILE_VERSION_FACTOR + controlOffsetPlusOne;
    }

    /** The config file's {@code config.version}. */
    public static long fileVersion(long packed) {
        return packed / FILE_VERSION_FACTOR;
    }

    /** The mm.control offset of the last accepted risk SET_PARAM, or -1 when none applied. */
    public static long controlOffset(long packed) {
        return packed % FILE_VERSION_FACTOR - 1;
    }
}
