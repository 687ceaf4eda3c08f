@NullMarked
package dev.engram.core.prompt;

import org.jspecify.annotations.NullMarked;
