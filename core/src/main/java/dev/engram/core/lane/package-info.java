@NullMarked
package dev.engram.core.lane;

import org.jspecify.annotations.NullMarked;
