@NullMarked
package dev.engram.core.json;

import org.jspecify.annotations.NullMarked;
