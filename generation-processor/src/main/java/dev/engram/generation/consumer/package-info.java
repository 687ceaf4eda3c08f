/** The Spring Cloud Stream consumer of the event lane and the processing of one job. */
@NullMarked
package dev.engram.generation.consumer;

import org.jspecify.annotations.NullMarked;
