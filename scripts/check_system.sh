#!/usr/bin/env bash
# Stops `make test` early, naming each missing Debian package and the command
# that installs it, instead of letting the tests fail one by one later.
set -euo pipefail

missing=()

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    missing+=("postgresql")
fi
if ! command -v redis-server >/dev/null; then
    missing+=("redis-server")
fi
if [ ! -x /usr/bin/chromium ]; then
    missing+=("chromium")
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=("nodejs npm")
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "make test needs these system packages, which are not installed:" >&2
    for package in "${missing[@]}"; do
        echo "  - ${package}" >&2
    done
    echo "Install them with:  apt-get update && apt-get install -y ${missing[*]}" >&2
    echo "(as root, or with sudo), then run make test again." >&2
    exit 1
fi
