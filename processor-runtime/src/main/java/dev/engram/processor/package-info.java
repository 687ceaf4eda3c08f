/**
 * The runtime every processor app is built on: {@link dev.engram.processor.JobRunner} runs one delivered
 * record through claim, load, generate and complete (or retry, or fail) for a processor's
 * {@link dev.engram.processor.JobWork}, and {@link dev.engram.processor.ProcessorAutoConfiguration} wires the
 * stores, the provider and the binder's delivery retries. A processor app adds its lanes and its work.
 */
@NullMarked
package dev.engram.processor;

import org.jspecify.annotations.NullMarked;
