package dev.engram.ops.portable;

import dev.engram.core.store.PortableObservation;
import dev.engram.core.store.PortableSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks a whole export before anything is written: every line must parse and hold what its type needs,
 * within the limits below, so that a rejected file writes nothing. Problems are reported with their line numbers
 * (the first {@value #MAX_PROBLEMS}).
 */
final class ImportFile {

    static final int MAX_PROBLEMS = 20;
    static final int MAX_CONTENT = 1_000_000;
    static final int MAX_TEXT = 1_000;
    static final int MAX_METADATA = 100_000;

    private final List<String> problems = new ArrayList<>();
    private int moreProblems;

    /** A checked export: its header's tenant, and its rows in file order. */
    record Contents(String team, String project, List<PortableSession> sessions,
            List<PortableObservation> observations) {
    }

    /** The file was refused; nothing was written. */
    static final class Rejected extends RuntimeException {
        private final List<String> problems;

        Rejected(List<String> problems, int more) {
            super(String.join("\n", problems) + (more > 0 ? "\n... and " + more + " more" : ""));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    static Contents read(BufferedReader in) throws IOException {
        return new ImportFile().readAll(in);
    }

    private Contents readAll(BufferedReader in) throws IOException {
        String team = null;
        String project = null;
        List<PortableSession> sessions = new ArrayList<>();
        List<PortableObservation> observations = new ArrayList<>();
        Map<UUID, Integer> sessionLines = new HashMap<>();
        Map<UUID, Integer> observationLines = new HashMap<>();
        String text;
        int number = 0;
        boolean headerSeen = false;
        while ((text = in.readLine()) != null) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = ExportFormat.JSON.readTree(text);
            } catch (JacksonException e) {
                problem(number, "not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
                if (!headerSeen) {
                    break;
                }
                continue;
            }
            if (node == null || !node.isObject()) {
                problem(number, "not a JSON object");
                if (!headerSeen) {
                    break;
                }
                continue;
            }
            Line line = new Line(number, node);
            if (!headerSeen) {
                headerSeen = true;
                if (!header(line)) {
                    break;
                }
                team = line.text("team", MAX_TEXT, true);
                project = line.text("project", MAX_TEXT, true);
                continue;
            }
            String type = line.text("type", MAX_TEXT, true);
            if (ExportFormat.SESSION.equals(type)) {
                PortableSession session = session(line);
                if (session != null && unique(line, session.id(), sessionLines)) {
                    sessions.add(session);
                }
            } else if (ExportFormat.OBSERVATION.equals(type) || ExportFormat.SUMMARY.equals(type)
                    || ExportFormat.MEMORY.equals(type)) {
                PortableObservation observation = observation(line, type, sessionLines);
                if (observation != null && unique(line, observation.id(), observationLines)) {
                    observations.add(observation);
                }
            } else if (type != null) {
                problem(number, "type '" + type + "' is not one of session, observation, summary, memory");
            }
        }
        if (!headerSeen && problems.isEmpty()) {
            problem(1, "the file is empty; an export starts with its header line");
        }
        if (!problems.isEmpty()) {
            throw new Rejected(problems, moreProblems);
        }
        return new Contents(team, project, sessions, observations);
    }

    private boolean header(Line line) {
        JsonNode format = line.node().get("format");
        if (format == null || !ExportFormat.FORMAT.equals(format.asString(""))) {
            problem(line.number(), "not an Engram export: the first line must be the header "
                    + "{\"format\":\"engram-export\",\"version\":1,...}");
            return false;
        }
        JsonNode version = line.node().get("version");
        if (version == null || !version.isInt()) {
            problem(line.number(), "version: must be an integer");
            return false;
        }
        if (version.asInt() > ExportFormat.VERSION) {
            problem(line.number(), "version " + version.asInt() + " was written by a newer Engram; this one reads "
                    + "version " + ExportFormat.VERSION);
            return false;
        }
        return true;
    }

    private @Nullable PortableSession session(Line line) {
        int before = problems.size() + moreProblems;
        UUID id = line.uuid("id", true);
        String status = line.text("generationStatus", MAX_TEXT, false);
        PortableSession session = new PortableSession(id, line.text("externalSessionId", MAX_TEXT, false),
                line.text("contentSessionId", MAX_TEXT, false), line.text("agentId", MAX_TEXT, false),
                line.text("agentType", MAX_TEXT, false), line.text("platformSource", MAX_TEXT, false),
                status == null ? "idle" : status, line.metadata(), line.instant("startedAt", true),
                line.instant("endedAt", false), line.instant("lastGeneratedAt", false),
                line.instant("createdAt", true), line.instant("updatedAt", true));
        return problems.size() + moreProblems == before ? session : null;
    }

    private @Nullable PortableObservation observation(Line line, String type, Map<UUID, Integer> sessionLines) {
        int before = problems.size() + moreProblems;
        UUID id = line.uuid("id", true);
        UUID sessionId = line.uuid("sessionId", false);
        if (sessionId != null && !sessionLines.containsKey(sessionId)) {
            problem(line.number(), "sessionId " + sessionId + " names no session of this file (an export lists a "
                    + "session before what belongs to it)");
        }
        String kind = line.text("kind", MAX_TEXT, true);
        String content = line.text("content", MAX_CONTENT, true);
        String generationKey = line.text("generationKey", MAX_TEXT, false);
        if (ExportFormat.SUMMARY.equals(type) != ExportFormat.SUMMARY.equals(kind) && kind != null) {
            problem(line.number(), "kind: a summary line has kind 'summary', and only a summary line has it");
        }
        if (ExportFormat.MEMORY.equals(type) && generationKey != null) {
            problem(line.number(), "generationKey: a memory has none");
        }
        if (!ExportFormat.MEMORY.equals(type) && generationKey == null && !problemAt(line.number(), "generationKey")) {
            problem(line.number(), "generationKey: required for a generated " + type);
        }
        PortableObservation observation = new PortableObservation(id, sessionId, kind, content, line.metadata(),
                generationKey, line.text("createdByJobId", MAX_TEXT, false), line.instant("createdAt", true),
                line.instant("updatedAt", true));
        return problems.size() + moreProblems == before ? observation : null;
    }

    private boolean unique(Line line, UUID id, Map<UUID, Integer> seen) {
        Integer earlier = seen.putIfAbsent(id, line.number());
        if (earlier != null) {
            problem(line.number(), "id " + id + " appears twice (line " + earlier + ")");
            return false;
        }
        return true;
    }

    private boolean problemAt(int number, String field) {
        return problems.stream().anyMatch(p -> p.startsWith("line " + number + ": " + field + ":"));
    }

    private void problem(int number, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + number + ": " + message);
        } else {
            moreProblems++;
        }
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** One line's fields, each checked as it is read; a problem is recorded and a placeholder returned. */
    private final class Line {
        private final int number;
        private final JsonNode node;

        Line(int number, JsonNode node) {
            this.number = number;
            this.node = node;
        }

        int number() {
            return number;
        }

        JsonNode node() {
            return node;
        }

        @Nullable String text(String field, int max, boolean required) {
            JsonNode value = node.get(field);
            if (ExportFormat.isNull(value)) {
                if (required) {
                    problem(number, field + ": required");
                }
                return null;
            }
            if (!value.isString()) {
                problem(number, field + ": must be a string");
                return null;
            }
            String text = value.asString();
            if (required && text.isBlank()) {
                problem(number, field + ": must not be blank");
                return null;
            }
            if (text.length() > max) {
                problem(number, field + ": at most " + max + " characters (has " + text.length() + ")");
                return null;
            }
            if (text.indexOf('\u0000') >= 0) {
                problem(number, field + ": contains a NUL character, which Postgres cannot store");
                return null;
            }
            return text;
        }

        @Nullable UUID uuid(String field, boolean required) {
            String text = text(field, 36, required);
            if (text == null) {
                return null;
            }
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                problem(number, field + ": not a UUID");
                return null;
            }
        }

        @Nullable Instant instant(String field, boolean required) {
            String text = text(field, 64, required);
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                problem(number, field + ": not an ISO-8601 instant (e.g. 2026-12-01T16:17:16.123456Z)");
                return null;
            }
        }

        String metadata() {
            JsonNode value = node.get("metadata");
            if (ExportFormat.isNull(value)) {
                return "{}";
            }
            if (!value.isObject()) {
                problem(number, "metadata: must be a JSON object");
                return "{}";
            }
            String json = ExportFormat.JSON.writeValueAsString(value);
            if (json.length() > MAX_METADATA) {
                problem(number, "metadata: at most " + MAX_METADATA + " characters of JSON (has " + json.length() + ")");
            } else if (json.contains("\\u0000")) {
                problem(number, "metadata: contains a NUL character, which Postgres cannot store");
            }
            return json;
        }
    }
}
