/** Typed settings and infrastructure beans (Kafka topics, codecs). */
@NullMarked
package dev.engram.ingest.config;

import org.jspecify.annotations.NullMarked;
