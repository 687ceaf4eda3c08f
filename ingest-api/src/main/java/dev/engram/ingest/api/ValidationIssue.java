package dev.engram.ingest.api;

import java.util.List;

/** One validation problem: the path of the offending field (e.g. {@code ["occurredAtEpoch"]}) and why. */
public record ValidationIssue(List<Object> path, String message) {

    public static ValidationIssue at(String field, String message) {
        return new ValidationIssue(List.of(field), message);
    }

    public static ValidationIssue ofBody(String message) {
        return new ValidationIssue(List.of(), message);
    }

    String describe() {
        if (path.isEmpty()) {
            return message;
        }
        StringBuilder name = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(segment);
            }
        }
        return name + ": " + message;
    }
}
