#!/bin/sh
# Engram's Claude Code SessionStart hook: asks a running Engram for the project's context pack (recent
# session summaries, then related observations) and prints it the way Claude Code injects it
# ({"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"..."}}).
#
# POSIX sh and curl (7.87 or newer, for --url-query); no JVM starts per hook. It always exits 0, and within
# about one second: without a key, with Engram down, slow or answering an error, it prints nothing and the
# session starts without memory rather than late.
#
# Environment:
#   ENGRAM_API_KEY       a key with memories:read (required; without it the hook does nothing)
#   ENGRAM_URL           where Engram listens (default http://127.0.0.1:8080)
#   ENGRAM_PROJECT       the project (default: the key's own project)
#   ENGRAM_HOOK_TIMEOUT  seconds to wait for Engram (default 0.9)
#
# Install it beside claude-mem's hooks in ~/.claude/settings.json, e.g.
#   "SessionStart": [{"hooks": [{"type": "command", "command": "/path/to/engram-session-start.sh"}]}]

# Claude Code writes the hook's JSON (session id, cwd, source) and closes stdin; it goes to Engram as the body.
input=$(cat)
[ -n "$input" ] || input="{}"
[ -n "${ENGRAM_API_KEY:-}" ] || exit 0
command -v curl >/dev/null 2>&1 || exit 0

url="${ENGRAM_URL:-http://127.0.0.1:8080}/v1/hooks/claude-code/session-start"
if [ -n "${ENGRAM_PROJECT:-}" ]; then
    set -- --url-query "projectId=${ENGRAM_PROJECT}"
else
    set --
fi

# The key reaches curl as a config line on its stdin, so it never shows in the process list.
answer=$(printf 'header = "Authorization: Bearer %s"\n' "$ENGRAM_API_KEY" | curl --silent --fail \
        --max-time "${ENGRAM_HOOK_TIMEOUT:-0.9}" --config - -X POST -H 'Content-Type: application/json' \
        --data-binary "$input" "$@" "$url" 2>/dev/null) || exit 0

case "$answer" in
    *additionalContext*) printf '%s\n' "$answer" ;;
esac
exit 0
