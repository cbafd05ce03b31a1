#!/usr/bin/env bash
# A Python venv of pinned requirements for the test bed, cached like the test cluster's venv: under
# $ZEOFREEZE_CACHE (default ~/.cache/zeofreeze), named by NAME, the sha256 of the requirements file
# and the Python version, complete only once it carries its marker and its programs and modules are
# there. One script for every such venv (Ansible, supervisor); each has a short wrapper naming it.
#
# Usage: cached-venv.sh NAME REQUIREMENTS "PROGRAMS" "IMPORTS" [--locate]
#          NAME          the venv's name in the cache (ansible-venv, supervisor-venv)
#          REQUIREMENTS  the pinned requirements file
#          PROGRAMS      the bin/ programs a complete venv has, space-separated
#          IMPORTS       the modules a complete venv imports, as Python's import list
#          --locate      print the path of the complete venv, or fail (exit 1) saying how to build
#                        it; never builds. Without it: build unless a complete one is cached; print
#                        its path.
#
# Environment:
#   ZEOFREEZE_CACHE   venv cache root (default $HOME/.cache/zeofreeze)
#   ZEOFREEZE_PYTHON  interpreter used to create the venv (default python3)
#   CACHED_VENV_CALLER  the wrapper's path, named in the --locate failure
set -euo pipefail

MARKER=".zeofreeze-complete"
[ "$#" -ge 4 ] || { echo "cached-venv: usage: $0 NAME REQUIREMENTS PROGRAMS IMPORTS [--locate]" >&2; exit 1; }
NAME="$1"
REQUIREMENTS="$2"
PROGRAMS="$3"
IMPORTS="$4"
CALLER="${CACHED_VENV_CALLER:-$0}"

die() { echo "$NAME: error: $*" >&2; exit 1; }
log() { echo "$NAME: $*" >&2; }

LOCATE=0
case "${5:-}" in
    --locate) LOCATE=1 ;;
    "") ;;
    *) die "unknown option: $5 (use no option, or --locate)" ;;
esac

PYTHON="${ZEOFREEZE_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "python not found: $PYTHON"
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
CACHE="${ZEOFREEZE_CACHE:-${HOME:-/root}/.cache/zeofreeze}"
REQ_HASH="$(sha256sum "$REQUIREMENTS" | cut -c1-16)"

venv_ok() {
    [ -f "$1/$MARKER" ] || return 1
    local program
    for program in $PROGRAMS; do
        [ -x "$1/bin/$program" ] || return 1
    done
    "$1/bin/python" -c "import $IMPORTS" 2>/dev/null
}

if [ "$LOCATE" = 1 ]; then
    VENV="$CACHE/$NAME-$REQ_HASH-py$PYVER"
    venv_ok "$VENV" || die "no complete $NAME at $VENV; build it with $CALLER (./run-tests does)"
    echo "$VENV"
    exit 0
fi

command -v flock >/dev/null || die "flock (util-linux) is required"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
VENV="$CACHE/$NAME-$REQ_HASH-py$PYVER"

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
