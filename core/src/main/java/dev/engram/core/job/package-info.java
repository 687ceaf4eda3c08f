@NullMarked
package dev.engram.core.job;

import org.jspecify.annotations.NullMarked;
