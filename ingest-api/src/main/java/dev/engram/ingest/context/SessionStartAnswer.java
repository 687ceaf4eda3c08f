package dev.engram.ingest.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a Claude Code SessionStart hook prints on stdout for Claude Code to add to the session's context:
 * {@code {"hookSpecificOutput": {"hookEventName": "SessionStart", "additionalContext": "..."}}}, or
 * {@code {}} when there is nothing to add.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SessionStartAnswer(@Nullable Output hookSpecificOutput) {

    static SessionStartAnswer of(@Nullable String additionalContext) {
        return new SessionStartAnswer(additionalContext == null ? null : new Output("SessionStart", additionalContext));
    }

    record Output(String hookEventName, String additionalContext) {
    }
}
