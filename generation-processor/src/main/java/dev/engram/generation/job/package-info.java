/** Generation job rows as the processor moves them: claim, retry, fail and complete, each with its history row. */
@NullMarked
package dev.engram.generation.job;

import org.jspecify.annotations.NullMarked;
