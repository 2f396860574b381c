#!/usr/bin/env bash
# Runs one pytest suite inside a wall-clock budget.
#
#   scripts/run_suite.sh NAME BUDGET_SECONDS PYTEST_ARGUMENTS...
#
# A suite that collects no test at all (pytest's exit code 5) is a failure:
# it means a marker or a path went wrong, and a green run would hide that.
set -uo pipefail

name="$1"
budget="$2"
shift 2

python="${VENV_PYTHON:-.venv/bin/python}"
started=$(date +%s)
echo "==> ${name} (budget ${budget}s)"

timeout --signal=TERM --kill-after=60 "${budget}" "${python}" -m pytest "$@"
status=$?
elapsed=$(( $(date +%s) - started ))

case "${status}" in
    0)
        echo "==> ${name}: passed in ${elapsed}s"
        ;;
    5)
        echo "==> ${name}: pytest collected no tests (exit code 5)." >&2
        echo "    The suite is empty: check its markers and paths ($*)." >&2
        exit 1
        ;;
    124|137)
        echo "==> ${name}: stopped after its budget of ${budget}s." >&2
        exit 1
        ;;
    *)
        echo "==> ${name}: failed with exit code ${status} after ${elapsed}s." >&2
        exit "${status}"
        ;;
esac
