#!/usr/bin/env bash
# The Python venv with ansible-core and ansible-lint that the export tests run, cached by cached-venv.sh.
#
# Usage: ansible-venv.sh           build the venv unless a complete one is cached; print its path
#        ansible-venv.sh --locate  print the path of the complete venv, or fail (exit 1) saying how to build it
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
    --locate | "") ;;
    *) echo "ansible-venv: error: unknown option: $1 (use no option, or --locate)" >&2; exit 1 ;;
esac
CACHED_VENV_CALLER="$0" exec "$SCRIPT_DIR/../cluster/cached-venv.sh" ansible-venv "$SCRIPT_DIR/requirements.txt" "ansible-playbook ansible-lint" "ansible, ansiblelint" "$@"
