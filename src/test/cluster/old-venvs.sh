#!/usr/bin/env bash
# Build the cached venvs of old ZEO releases on old Pythons, against which the Python code that
# ZeoFreeze runs on cluster hosts is tested (OldPythonProbeIT): the ZEO server, ZODB and ZConfig
# of clusters that run Python 2.7, 3.6 and 3.8.
#
# Usage: old-venvs.sh              build (or reuse) every venv, print one "NAME PATH" line each
#        old-venvs.sh NAME...      the same for the named ones (py27, py36, py38)
#        old-venvs.sh --path NAME  print the path the venv NAME has, build nothing
#
# Each venv is cached under $ZEOFREEZE_CACHE (default $HOME/.cache/zeofreeze) as
# old-NAME-<sha256 of its interpreter and pins, 16 hex>; a half-built one is never used.
# The interpreters are pyenv's: $ZEOFREEZE_PYENV (default /root/.pyenv/versions)/VERSION/bin/python.
set -euo pipefail

die() { echo "old-venvs: error: $*" >&2; exit 1; }
log() { echo "old-venvs: $*" >&2; }

PYENV="${ZEOFREEZE_PYENV:-/root/.pyenv/versions}"
NAMES=(py27 py36 py38)

# NAME -> interpreter version; bootstrap pins (virtualenv, for a Python without the venv module);
# pins installed first (cffi: persistent's setup_requires would fetch one that no longer builds
# on 2.7); the rest. Every transitive dependency is pinned too.
version_of() {
    case "$1" in
        py27) echo 2.7.18 ;;
        py36) echo 3.6.15 ;;
        py38) echo 3.8.18 ;;
        *) die "unknown venv: $1 (known: ${NAMES[*]})" ;;
    esac
}
bootstrap_of() {
    case "$1" in
        py27) echo "virtualenv==20.15.1 distlib==0.4.4 filelock==3.2.1 platformdirs==2.0.2 six==1.17.0" \
                   "importlib-metadata==2.1.3 importlib-resources==3.3.1 zipp==1.2.0 pathlib2==2.3.7.post1" \
                   "scandir==1.10.0 contextlib2==0.6.0.post1 configparser==4.0.2 singledispatch==3.7.0" \
                   "typing==3.10.0.0" ;;
        *) echo "" ;;
    esac
}
first_of() {
    case "$1" in
        py27) echo "pycparser==2.21 cffi==1.15.1" ;;
        *) echo "" ;;
    esac
}
pins_of() {
    case "$1" in
        # ZEO 4.3.1 wants transaction < 2 and does not run with ZODB 5.
        # The buildout of a Plone 5.0-era ZEO server too: zc.buildout 2 and plone.recipe.zeoserver 1.4
        # (which wants ZODB3, the 3.11 meta-package over ZODB 4 and ZEO 4) write its bin/zeoserver.
        py27) echo "ZEO==4.3.1 ZODB==4.4.5 persistent==4.9.3 BTrees==4.11.3 transaction==1.7.0" \
                   "zodbpickle==2.6 zope.interface==5.5.2 zc.lockfile==2.0 zdaemon==4.4 ZConfig==3.6.1" \
                   "six==1.17.0 ZODB3==3.11.0 zope.mkzeoinstance==4.1 ZopeUndo==4.3 setuptools==44.1.1" \
                   "zc.buildout==2.13.8 zc.recipe.egg==2.0.7 plone.recipe.zeoserver==1.4.2" ;;
        # Plone 5.2's generation: ZEO 5.2, ZODB 5.6.
        py36) echo "ZEO==5.2.3 ZODB==5.6.0 persistent==4.9.3 BTrees==4.11.3 transaction==3.1.0" \
                   "zodbpickle==2.6 zope.interface==5.5.2 zc.lockfile==3.0 zdaemon==4.4 ZConfig==3.6.1" \
                   "six==1.17.0 cffi==1.15.1 pycparser==2.21" ;;
        # Plone 6.0's generation on 3.8: ZEO 5.4, ZODB 5.8.
        py38) echo "ZEO==5.4.1 ZODB==5.8.1 persistent==6.1.1 BTrees==6.1 transaction==5.0" \
                   "zodbpickle==4.1.1 zope.interface==7.2 zope.deferredimport==5.0 zope.proxy==6.1" \
                   "zc.lockfile==3.0.post1 zdaemon==5.1 ZConfig==4.1 six==1.17.0 cffi==1.17.1 pycparser==2.23" ;;
    esac
}

CACHE="${ZEOFREEZE_CACHE:-${HOME:-/root}/.cache/zeofreeze}"
MARKER=".zeofreeze-complete"

venv_path() {
    local name="$1" key
    key="$(printf '%s\n' "$(version_of "$name")" "$(bootstrap_of "$name")" "$(first_of "$name")" \
        "$(pins_of "$name")" | sha256sum | cut -c1-16)"
    echo "$(cd "$CACHE" 2>/dev/null && pwd || echo "$CACHE")/old-$name-$key"
}

venv_ok() {
    [ -f "$1/$MARKER" ] && [ -x "$1/bin/python" ] && [ -x "$1/bin/runzeo" ] &&
        "$1/bin/python" -c 'import ZEO.ClientStorage, ZODB, ZConfig, zdaemon' 2>/dev/null
}

pip_install() { # VENV_PYTHON LOG PINS...
    local python="$1" logfile="$2"
    shift 2
    [ $# -gt 0 ] || return 0
    if ! "$python" -m pip install --no-input --disable-pip-version-check --no-cache-dir "$@" >>"$logfile" 2>&1; then
        tail -n 30 "$logfile" >&2
        die "pip install $* failed"
    fi
}

# Built in a temp dir beside the final one: virtualenv/venv write absolute paths into scripts, so
# they are rewritten before the rename, as build-cluster.sh does.
ensure_venv() {
    local name="$1" venv python tmp
    venv="$(venv_path "$name")"
    python="$PYENV/$(version_of "$name")/bin/python"
    [ -x "$python" ] || die "$python not found (pyenv's Python $(version_of "$name"))"
    mkdir -p "$CACHE"
    exec 9>"$venv.lock"
    flock 9
    if venv_ok "$venv"; then
        log "reusing cached venv $venv"
        exec 9>&-
        echo "$name $venv"
        return 0
    fi
    [ ! -e "$venv" ] || { log "removing incomplete or broken venv $venv"; rm -rf "$venv"; }
    rm -rf "$venv".tmp.* 2>/dev/null || true
    tmp="$(mktemp -d "$venv.tmp.XXXXXX")"
    chmod 755 "$tmp"
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp' '$tmp.log'" EXIT
    log "building $name (Python $(version_of "$name")) in $tmp (log: $tmp.log)"
    if [ -n "$(bootstrap_of "$name")" ]; then
        # shellcheck disable=SC2046
        pip_install "$python" "$tmp.log" --target "$tmp/.bootstrap" $(bootstrap_of "$name")
        PYTHONPATH="$tmp/.bootstrap" "$python" -m virtualenv --no-periodic-update --app-data "$tmp/.app-data" \
            "$tmp" >>"$tmp.log" 2>&1 || { tail -n 30 "$tmp.log" >&2; die "virtualenv failed"; }
        rm -rf "$tmp/.bootstrap" "$tmp/.app-data"
    else
        "$python" -m venv "$tmp" >>"$tmp.log" 2>&1 || { tail -n 30 "$tmp.log" >&2; die "venv failed"; }
    fi
    # shellcheck disable=SC2046
    pip_install "$tmp/bin/python" "$tmp.log" $(first_of "$name")
    # shellcheck disable=SC2046
    pip_install "$tmp/bin/python" "$tmp.log" $(pins_of "$name")
    "$tmp/bin/python" -m pip check >>"$tmp.log" 2>&1 || { tail -n 30 "$tmp.log" >&2; die "pip check failed"; }
    "$tmp/bin/python" - "$tmp" "$venv" <<'PY'
import os, sys
tmp, final = sys.argv[1], sys.argv[2]
paths = [os.path.join(tmp, "pyvenv.cfg")]
bindir = os.path.join(tmp, "bin")
paths += [os.path.join(bindir, n) for n in os.listdir(bindir)]
for p in paths:
    if os.path.islink(p) or not os.path.isfile(p):
        continue
    with open(p, "rb") as f:
        data = f.read()
    if tmp.encode() in data and b"\0" not in data[:4096]:
        st = os.stat(p)
        with open(p, "wb") as f:
            f.write(data.replace(tmp.encode(), final.encode()))
        os.chmod(p, st.st_mode)
PY
    "$tmp/bin/python" -m pip freeze --all 2>/dev/null | grep -v '^-f ' >"$tmp/$MARKER"
    rm -f "$tmp.log"
    mv -T "$tmp" "$venv"
    trap - EXIT
    venv_ok "$venv" || die "venv $venv is not usable after build"
    log "venv ready: $venv"
    exec 9>&-
    echo "$name $venv"
}

if [ "${1:-}" = --path ]; then
    [ $# -eq 2 ] || die "usage: old-venvs.sh --path NAME"
    version_of "$2" >/dev/null
    venv_path "$2"
    exit 0
fi
command -v flock >/dev/null || die "flock (util-linux) is required"
[ $# -gt 0 ] || set -- "${NAMES[@]}"
for n in "$@"; do
    ensure_venv "$n"
done
