/** {@code engram dev}: the whole pipeline in one JVM — a KRaft Kafka broker and the three Spring Boot apps as separate contexts. */
@NullMarked
package dev.engram.ops.dev;

import org.jspecify.annotations.NullMarked;
