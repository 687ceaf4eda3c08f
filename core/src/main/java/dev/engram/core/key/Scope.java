package dev.engram.core.key;

import java.util.Collection;

/** The scopes a key may hold; {@code *} grants everything. */
public final class Scope {

    public static final String READ = "memories:read";
    public static final String WRITE = "memories:write";
    public static final String ADMIN = "memories:admin";
    public static final String ALL = "*";

    private Scope() {
    }

    /** Whether a key holding {@code granted} may act with {@code required}. */
    public static boolean allows(Collection<String> granted, String required) {
        if (granted.contains(ALL) || granted.contains(required)) {
            return true;
        }
        return required.equals(ADMIN) && granted.contains("admin");
    }
}
