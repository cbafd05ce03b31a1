#!/usr/bin/env bash
# The Python venv with supervisor (supervisord, supervisorctl) that runs the test cluster without
# buildout (build-files-cluster.sh, FilesLayoutIT), cached by cached-venv.sh.
#
# Usage: supervisor-venv.sh           build the venv unless a complete one is cached; print its path
#        supervisor-venv.sh --locate  print the path of the complete venv, or fail (exit 1) saying how to build it
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
    --locate | "") ;;
    *) echo "supervisor-venv: error: unknown option: $1 (use no option, or --locate)" >&2; exit 1 ;;
esac
CACHED_VENV_CALLER="$0" exec "$SCRIPT_DIR/cached-venv.sh" supervisor-venv "$SCRIPT_DIR/requirements-supervisor.txt" "supervisord supervisorctl" "supervisor.supervisord" "$@"
