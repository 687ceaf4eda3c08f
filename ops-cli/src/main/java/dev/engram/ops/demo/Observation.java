package dev.engram.ops.demo;

/**
 * An observation as the demo shows it.
 *
 * @param kind {@code discovery}, {@code progress}, {@code blocker}, {@code decision}, ...
 * @param content the rendered text: title, subtitle, narrative, then facts
 */
public record Observation(String kind, String content) {
}
