/** Typed settings, provider selection and the shared stores from core. */
@NullMarked
package dev.engram.summary.config;

import org.jspecify.annotations.NullMarked;
