/** The lanes this processor consumes and how one event job becomes observations. */
@NullMarked
package dev.engram.generation.consumer;

import org.jspecify.annotations.NullMarked;
