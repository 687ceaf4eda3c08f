package dev.engram.ingest.sql;

import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.Parameter;

/** Bind values for R2DBC, which needs to know the type of a null. */
public final class Params {

    private Params() {
    }

    public static Parameter nullable(@Nullable Object value, Class<?> type) {
        return value == null ? Parameter.empty(type) : Parameter.from(value);
    }
}
