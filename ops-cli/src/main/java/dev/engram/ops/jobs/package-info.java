/**
 * {@code engram jobs}: an operator's view of the generation jobs (Postgres, the outbox and the consumer groups'
 * lag, side by side) and their retry, cancel and bulk requeue, through core's stores.
 */
@NullMarked
package dev.engram.ops.jobs;

import org.jspecify.annotations.NullMarked;
