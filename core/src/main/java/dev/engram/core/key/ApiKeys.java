package dev.engram.core.key;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys: {@code cm_} plus 48 hex characters (24 random bytes), as claude-mem mints them. Only the
 * SHA-256 of a raw key is ever stored; any key is accepted by its hash, whatever its prefix.
 */
public final class ApiKeys {

    public static final String PREFIX = "cm_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String newRawKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    /** What is kept of a key to tell it apart: {@code cm_} and its first 8 hex digits. */
    public static String prefix(String rawKey) {
        return rawKey.substring(0, Math.min(rawKey.length(), PREFIX.length() + 8));
    }

    public static String hash(String rawKey) {
        return Sha256.hex(rawKey);
    }
}
