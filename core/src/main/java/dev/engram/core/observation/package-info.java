@NullMarked
package dev.engram.core.observation;

import org.jspecify.annotations.NullMarked;
