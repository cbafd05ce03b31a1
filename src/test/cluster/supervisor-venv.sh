#!/usr/bin/env bash
# The Python venv with supervisor (supervisord, supervisorctl) that runs the test cluster without
# buildout (build-files-cluster.sh, FilesLayoutIT), cached like the test cluster's venv: under
# $ZEOFREEZE_CACHE (default ~/.cache/zeofreeze), named by the sha256 of requirements-supervisor.txt
# and the Python version, complete only once it carries its marker.
#
# Usage: supervisor-venv.sh           build the venv unless a complete one is cached; print its path
#        supervisor-venv.sh --locate  print the path of the complete venv, or fail (exit 1) saying
#                                  how to build it; never builds
#
# Environment:
#   ZEOFREEZE_CACHE   venv cache root (default $HOME/.cache/zeofreeze)
#   ZEOFREEZE_PYTHON  interpreter used to create the venv (default python3)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIREMENTS="$SCRIPT_DIR/requirements-supervisor.txt"
MARKER=".zeofreeze-complete"

die() { echo "supervisor-venv: error: $*" >&2; exit 1; }
log() { echo "supervisor-venv: $*" >&2; }

LOCATE=0
case "${1:-}" in
    --locate) LOCATE=1 ;;
    "") ;;
    *) die "unknown option: $1 (use no option, or --locate)" ;;
esac

PYTHON="${ZEOFREEZE_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "python not found: $PYTHON"
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
CACHE="${ZEOFREEZE_CACHE:-${HOME:-/root}/.cache/zeofreeze}"
REQ_HASH="$(sha256sum "$REQUIREMENTS" | cut -c1-16)"

venv_ok() {
    [ -f "$1/$MARKER" ] && [ -x "$1/bin/supervisord" ] && [ -x "$1/bin/supervisorctl" ] &&
        "$1/bin/python" -c 'import supervisor.supervisord' 2>/dev/null
}

if [ "$LOCATE" = 1 ]; then
    VENV="$CACHE/supervisor-venv-$REQ_HASH-py$PYVER"
    venv_ok "$VENV" || die "no complete supervisor venv at $VENV; build it with $0 (./run-tests does)"
    echo "$VENV"
    exit 0
fi

command -v flock >/dev/null || die "flock (util-linux) is required"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
VENV="$CACHE/supervisor-venv-$REQ_HASH-py$PYVER"

# Built in a temp dir next to the final one and renamed into place with its marker: a half-built
# venv is never used. The scripts' shebangs name the temp dir, so they are rewritten first.
exec 9>"$VENV.lock"
flock 9
if venv_ok "$VENV"; then
    log "reusing cached venv $VENV"
    echo "$VENV"
    exit 0
fi
rm -rf "$VENV" "$VENV".tmp.* 2>/dev/null || true
tmp="$(mktemp -d "$VENV.tmp.XXXXXX")"
chmod 755 "$tmp"
# shellcheck disable=SC2064
trap "rm -rf '$tmp' '$tmp.pip.log'" EXIT
log "creating venv (python $PYVER) in $tmp"
"$PYTHON" -m venv "$tmp"
log "installing pinned requirements"
if ! "$tmp/bin/python" -m pip install --no-input --disable-pip-version-check -r "$REQUIREMENTS" >"$tmp.pip.log" 2>&1; then
    tail -n 30 "$tmp.pip.log" >&2
    die "pip install failed"
fi
"$tmp/bin/python" -m pip check >&2 || die "pip check failed"
for f in "$tmp"/bin/* "$tmp/pyvenv.cfg"; do
    if [ -f "$f" ] && [ ! -L "$f" ] && grep -Iq "$tmp" "$f" 2>/dev/null; then
        sed -i "s|$tmp|$VENV|g" "$f"
    fi
done
"$tmp/bin/python" -m pip freeze --all >"$tmp/$MARKER"
mv -T "$tmp" "$VENV"
trap - EXIT
rm -f "$tmp.pip.log"
venv_ok "$VENV" || die "venv $VENV is not usable after build"
log "venv ready: $VENV"
echo "$VENV"
