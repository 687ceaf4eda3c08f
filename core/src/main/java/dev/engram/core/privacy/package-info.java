@NullMarked
package dev.engram.core.privacy;

import org.jspecify.annotations.NullMarked;
