/** Where the Engram database is and how to reach it from the command line, plus the schema migration. */
@NullMarked
package dev.engram.ops.database;

import org.jspecify.annotations.NullMarked;
