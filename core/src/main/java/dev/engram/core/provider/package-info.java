@NullMarked
package dev.engram.core.provider;

import org.jspecify.annotations.NullMarked;
