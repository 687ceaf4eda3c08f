@NullMarked
package dev.engram.core.key;

import org.jspecify.annotations.NullMarked;
