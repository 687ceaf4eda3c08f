#!/usr/bin/env bash
# Installs the pgvector extension into the machine's PostgreSQL when it is missing, as
# ../shared/BUILD-NOTES.md describes: Debian 12 packages no pgvector for PostgreSQL 15, so it is built from
# Debian's own trixie source package (0.8.x, about 35 s). Idempotent: a no-op when the extension is there.
# Then makes the extension exist in template1 (as the admin role), so every database created afterwards,
# the test databases included, has it without needing a superuser.
#
# Needs root (apt-get) and a local admin role with trust authentication (PGADMIN, default postgres).
set -euo pipefail

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGADMIN="${PGADMIN:-postgres}"

say() { printf 'pgvector: %s\n' "$*"; }

sharedir="$(pg_config --sharedir 2>/dev/null || true)"
if [ -z "$sharedir" ] || [ ! -f "$sharedir/extension/vector.control" ]; then
    major="$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGADMIN" -d postgres -tAc 'SHOW server_version_num' | cut -c1-2)"
    say "not installed for PostgreSQL $major; building it from Debian's source package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "postgresql-server-dev-$major" build-essential dpkg-dev >/dev/null
    list=/etc/apt/sources.list.d/engram-trixie-src.sources
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$list"
    work="$(mktemp -d)"
    trap 'rm -f "$list"; rm -rf "$work"; apt-get update -q >/dev/null 2>&1 || true' EXIT
    apt-get update -q >/dev/null
    (cd "$work" && apt-get source -q --download-only pgvector >/dev/null 2>&1 && dpkg-source -x ./*.dsc src >/dev/null 2>&1)
    make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" >/dev/null
    make -s -C "$work/src" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" install >/dev/null
    # The dev package can move the server to a newer minor release; restart so the running server matches.
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        pg_ctlcluster --skip-systemctl-redirect "$major" main restart || true
        for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
    fi
    say "installed"
else
    say "already installed"
fi

psql -h "$PGHOST" -p "$PGPORT" -U "$PGADMIN" -d template1 -v ON_ERROR_STOP=1 -qc 'CREATE EXTENSION IF NOT EXISTS vector'
say "extension present in template1 (version $(psql -h "$PGHOST" -p "$PGPORT" -U "$PGADMIN" -d template1 -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'"))"
