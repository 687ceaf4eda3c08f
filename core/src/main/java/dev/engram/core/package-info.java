/** Engram's shared contracts: everything two modules must agree on lives here and nowhere else. */
@NullMarked
package dev.engram.core;

import org.jspecify.annotations.NullMarked;
