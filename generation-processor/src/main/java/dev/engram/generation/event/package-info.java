/** Loads the source events of a job from Postgres; the Kafka record is only a hint. */
@NullMarked
package dev.engram.generation.event;

import org.jspecify.annotations.NullMarked;
