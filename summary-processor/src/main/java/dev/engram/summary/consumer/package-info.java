/** The Spring Cloud Stream consumer of the summary lane and the processing of one summary job. */
@NullMarked
package dev.engram.summary.consumer;

import org.jspecify.annotations.NullMarked;
