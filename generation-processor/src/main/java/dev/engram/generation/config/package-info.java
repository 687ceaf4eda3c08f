/** Typed settings and provider selection. */
@NullMarked
package dev.engram.generation.config;

import org.jspecify.annotations.NullMarked;
