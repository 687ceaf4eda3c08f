package dev.engram.core.sql;

/** Helpers for the column lists the statements share. */
final class Columns {

    private Columns() {
    }

    /** {@code columns} (comma-separated) with each name prefixed by {@code alias.}, for a statement that joins. */
    static String qualified(String alias, String columns) {
        StringBuilder qualified = new StringBuilder();
        for (String column : columns.split(",")) {
            qualified.append(qualified.length() == 0 ? "" : ", ").append(alias).append('.').append(column.strip());
        }
        return qualified.toString();
    }
}
