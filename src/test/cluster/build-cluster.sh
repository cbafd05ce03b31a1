#!/usr/bin/env bash
# Build a real buildout-based ZEO/Zope test cluster (layout of
# /usr/local/Plone/zeocluster) with zc.buildout, plone.recipe.zeoserver and
# plone.recipe.zope2instance, run offline from a cached venv.
#
# Usage: build-cluster.sh DIR [--base-port N] [--clients N] [--no-init] [--force]
#        build-cluster.sh --venv-only      (only make sure the cached venv exists)
#
#   DIR           target directory (created; must not exist or be empty,
#                 unless --force is given and DIR holds a cluster built by
#                 this script, which is then stopped and rebuilt)
#   --base-port N ZEO listens on 127.0.0.1:N, client K serves HTTP on
#                 127.0.0.1:N+K (default 8100 -> 8101, 8102, ...)
#   --clients N   number of Zope clients (default 2)
#   --no-init     do not start the cluster once after building; by default
#                 ZEO is started, the root database and the mount points
#                 (/plone, /plone/portal_catalog) are created with
#                 `bin/client1 run init_mounts.py`, and ZEO is stopped again
#   --force       rebuild DIR if it already holds a cluster from this script
#   --wrapped     zc.zlibstorage around the storages, as large sites have it:
#                 the server serves the catalog as <zlibstorage catalog>
#                 around its <filestorage>, and the clients wrap their root
#                 <zeoclient> (the recipe's storage-wrapper) and the catalog's
#                 in <zlibstorage>
#   --server-only a new server to move storages to: the zeoserver part alone,
#                 serving its own empty root storage, no clients, no init
#   --generation G the ZEO release the cluster runs: zeo6 (default,
#                 requirements.txt) or zeo5 (requirements-zeo5.txt: ZEO 5.2.3,
#                 ZODB 5.8.1, the same Zope and recipes); each has a venv of its own
#
# Environment:
#   ZEOFREEZE_CACHE   venv cache root (default $HOME/.cache/zeofreeze)
#   ZEOFREEZE_PYTHON  interpreter used to create the venv (default python3)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GENERATION=zeo6

die() { echo "build-cluster: error: $*" >&2; exit 1; }
log() { echo "build-cluster: $*" >&2; }

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

DIR=""
BASE_PORT=8100
CLIENTS=2
INIT=1
WRAPPED=0
SERVER_ONLY=0
FORCE=0
VENV_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --base-port) [ $# -ge 2 ] || usage; BASE_PORT="$2"; shift 2 ;;
        --base-port=*) BASE_PORT="${1#*=}"; shift ;;
        --clients) [ $# -ge 2 ] || usage; CLIENTS="$2"; shift 2 ;;
        --clients=*) CLIENTS="${1#*=}"; shift ;;
        --no-init) INIT=0; shift ;;
        --wrapped) WRAPPED=1; shift ;;
        --server-only) SERVER_ONLY=1; shift ;;
        --force) FORCE=1; shift ;;
        --venv-only) VENV_ONLY=1; shift ;;
        --generation) [ $# -ge 2 ] || usage; GENERATION="$2"; shift 2 ;;
        --generation=*) GENERATION="${1#*=}"; shift ;;
        -h|--help) usage ;;
        -*) die "unknown option: $1" ;;
        *) [ -z "$DIR" ] || die "only one DIR may be given"; DIR="$1"; shift ;;
    esac
done
[ -n "$DIR" ] || [ "$VENV_ONLY" = 1 ] || usage
case "$GENERATION" in
    zeo6) REQUIREMENTS="$SCRIPT_DIR/requirements.txt" ;;
    zeo5) REQUIREMENTS="$SCRIPT_DIR/requirements-zeo5.txt" ;;
    *) die "--generation must be zeo6 or zeo5 (ZEO 4 on Python 2.7: build-old-cluster.sh)" ;;
esac
if [ "$SERVER_ONLY" = 1 ]; then INIT=0; CLIENTS=0; fi
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] && [ "$BASE_PORT" -ge 1024 ] || die "--base-port must be a number >= 1024"
[[ "$CLIENTS" =~ ^[0-9]+$ ]] && { [ "$CLIENTS" -ge 1 ] || [ "$SERVER_ONLY" = 1 ]; } || die "--clients must be a number >= 1"
[ $((BASE_PORT + CLIENTS)) -le 65535 ] || die "port range exceeds 65535"
case "$DIR" in *$'\n'*|*:*) die "DIR must not contain newlines or ':'" ;; esac

PYTHON="${ZEOFREEZE_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "python not found: $PYTHON"
command -v flock >/dev/null || die "flock (util-linux) is required"
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "Python >= 3.10 required, $PYTHON is $PYVER"

CACHE="${ZEOFREEZE_CACHE:-${HOME:-/root}/.cache/zeofreeze}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
REQ_HASH="$(sha256sum "$REQUIREMENTS" | cut -c1-16)"
VENV="$CACHE/venv-$REQ_HASH-py$PYVER"
MARKER=".zeofreeze-complete"

venv_ok() {
    [ -f "$1/$MARKER" ] && [ -x "$1/bin/python" ] && [ -x "$1/bin/buildout" ] &&
        "$1/bin/python" -c 'import ZEO, ZODB, Zope2, zdaemon, waitress, zc.buildout, plone.recipe.zeoserver, plone.recipe.zope2instance, Products.ZODBMountPoint' 2>/dev/null
}

# Build the venv in a temp dir next to the final one, fix up the absolute
# paths pip wrote (shebangs, activate scripts), mark it complete and rename it
# into place.  A half-built venv never carries the marker and is never used.
ensure_venv() {
    exec 9>"$VENV.lock"
    flock 9
    if venv_ok "$VENV"; then
        log "reusing cached venv $VENV"
        exec 9>&-
        return 0
    fi
    if [ -e "$VENV" ]; then
        log "removing incomplete or broken venv $VENV"
        rm -rf "$VENV"
    fi
    # leftovers of interrupted builds (we hold the lock, so nobody uses them)
    rm -rf "$VENV".tmp.* 2>/dev/null || true
    local tmp
    tmp="$(mktemp -d "$VENV.tmp.XXXXXX")"
    chmod 755 "$tmp"
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" EXIT
    log "creating venv (python $PYVER) in $tmp"
    "$PYTHON" -m venv "$tmp"
    log "installing pinned requirements (log: $tmp.pip.log)"
    if ! "$tmp/bin/python" -m pip install --no-input --disable-pip-version-check \
            -r "$REQUIREMENTS" >"$tmp.pip.log" 2>&1; then
        tail -n 30 "$tmp.pip.log" >&2
        rm -f "$tmp.pip.log"
        die "pip install failed"
    fi
    "$tmp/bin/python" -m pip check >&2 || die "pip check failed"
    "$tmp/bin/python" - "$tmp" "$VENV" <<'PY'
import os, sys
tmp, final = sys.argv[1], sys.argv[2]
fixed = 0
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
        fixed += 1
print("build-cluster: rewrote venv path in %d files" % fixed, file=sys.stderr)
PY
    "$tmp/bin/python" -m pip freeze --all >"$tmp/$MARKER"
    rm -f "$tmp.pip.log"
    mv -T "$tmp" "$VENV"
    trap - EXIT
    venv_ok "$VENV" || die "venv $VENV is not usable after build"
    log "venv ready: $VENV"
    exec 9>&-
}

if [ "$VENV_ONLY" = 1 ]; then
    ensure_venv
    echo "$VENV"
    exit 0
fi

port_in_use() {
    "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
sys.exit(0)
PY
}

stop_cluster_in() {
    local d="$1" s
    for s in "$d"/bin/client* "$d"/bin/zeoserver; do
        [ -x "$s" ] || continue
        "$s" stop >/dev/null 2>&1 || true
    done
}

# ---------------------------------------------------------------- target DIR
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
DIR="$(realpath -m "$DIR")"
[ "$DIR" != "/" ] || die "refusing to use /"
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    if [ "$FORCE" = 1 ] && grep -q "zeofreeze test cluster" "$DIR/buildout.cfg" 2>/dev/null; then
        log "--force: stopping and removing the existing cluster in $DIR"
        stop_cluster_in "$DIR"
        find "$DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    elif [ "$FORCE" = 1 ]; then
        die "$DIR is not empty and does not look like a cluster built by this script; not touching it"
    else
        die "$DIR already exists and is not empty (use --force to rebuild a cluster built by this script)"
    fi
fi
case "$DIR" in
    *[[:space:]]*)
        # zdaemon splits the <runner> `program` of zeo.conf on whitespace, so
        # bin/zeoserver cannot start from such a directory (a limitation of the
        # real tools, not of this script); buildout itself copes.
        [ "$INIT" = 0 ] || die "DIR contains whitespace: buildout works, but bin/zeoserver (zdaemon) cannot start there; use --no-init for a config-only build"
        log "warning: DIR contains whitespace; configs are generated but bin/zeoserver will not start"
        ;;
esac
mkdir -p "$DIR"

START=$(date +%s)
ensure_venv

ZEO_PORT=$BASE_PORT
ZEO_ADDR="127.0.0.1:$ZEO_PORT"

# ---------------------------------------------------------------- buildout.cfg
# (a subshell: a server-only buildout ends early with exit)
(
    cat <<EOF
# zeofreeze test cluster: ZEO server + $CLIENTS Zope clients, built offline
# from the packages installed in the build venv (see testbed/cluster.env)
# Root storage '1' (var/filestorage/Data.fs, <zodb_db main>, mount-point /),
# plus two mounted FileStorages added through zeo-conf-additional and
# zope-conf-additional, as in "mount portal_catalog in a separate ZODB":
#   plone   var/filestorage/plone.fs    <zodb_db plone>    /plone
#   catalog var/filestorage/catalog.fs  <zodb_db catalog>  /plone/portal_catalog:/catalog
[buildout]
parts =
    zeoserver
EOF
    for i in $(seq 1 "$CLIENTS"); do echo "    client$i"; done
    cat <<EOF
offline = true
newest = false
allow-picked-versions = true
versions = versions
eggs-directory = \${buildout:directory}/eggs
develop-eggs-directory = \${buildout:directory}/develop-eggs

[ports]
zeo = $ZEO_PORT
EOF
    for i in $(seq 1 "$CLIENTS"); do echo "client$i = $((BASE_PORT + i))"; done
    cat <<'EOF'

[zeoserver]
recipe = plone.recipe.zeoserver
zeo-address = 127.0.0.1:${ports:zeo}
file-storage = filestorage/Data.fs
blob-storage = blobstorage
pack-days = 7
EOF
    if [ "$SERVER_ONLY" = 1 ]; then
        printf '\n[versions]\n'
        grep -E '^[A-Za-z0-9_.-]+==[^ ]+$' "$REQUIREMENTS" | sed 's/==/ = /'
        exit 0
    fi
    cat <<'EOF'
zeo-conf-additional =
    <filestorage plone>
      path ${buildout:directory}/var/filestorage/plone.fs
      blob-dir ${buildout:directory}/var/blobstorage-plone
    </filestorage>
EOF
    if [ "$WRAPPED" = 1 ]; then
        cat <<'EOF'
    %import zc.zlibstorage
    <zlibstorage catalog>
      <filestorage catalog>
        path ${buildout:directory}/var/filestorage/catalog.fs
        blob-dir ${buildout:directory}/var/blobstorage-catalog
      </filestorage>
    </zlibstorage>
EOF
    else
        cat <<'EOF'
    <filestorage catalog>
      path ${buildout:directory}/var/filestorage/catalog.fs
      blob-dir ${buildout:directory}/var/blobstorage-catalog
    </filestorage>
EOF
    fi
    cat <<'EOF'

[client-base]
recipe = plone.recipe.zope2instance
eggs =
    Zope
    Products.ZODBMountPoint
user = admin:admin
zeo-client = on
zeo-address = ${zeoserver:zeo-address}
shared-blob = on
blob-storage = ${buildout:directory}/var/blobstorage
zodb-temporary-storage = off
EOF
    if [ "$WRAPPED" = 1 ]; then
        cat <<'EOF'
storage-wrapper =
    %%import zc.zlibstorage
    <zlibstorage>
    %s
    </zlibstorage>
EOF
    fi
    cat <<'EOF'
zope-conf-additional =
    <zodb_db plone>
      <zeoclient>
        server ${zeoserver:zeo-address}
        storage plone
        name plone
        var ${buildout:directory}/var/${:_buildout_section_name_}
        blob-dir ${buildout:directory}/var/blobstorage-plone
        shared-blob-dir on
      </zeoclient>
      mount-point /plone
      container-class OFS.Folder.Folder
    </zodb_db>
    <zodb_db catalog>
EOF
    catalog_client='      <zeoclient>
        server ${zeoserver:zeo-address}
        storage catalog
        name catalog
        var ${buildout:directory}/var/${:_buildout_section_name_}
        blob-dir ${buildout:directory}/var/blobstorage-catalog
        shared-blob-dir on
      </zeoclient>'
    if [ "$WRAPPED" = 1 ]; then
        printf '      %%import zc.zlibstorage\n      <zlibstorage>\n%s\n      </zlibstorage>\n' "$catalog_client"
    else
        printf '%s\n' "$catalog_client"
    fi
    cat <<'EOF'
      mount-point /plone/portal_catalog:/catalog
      container-class OFS.Folder.Folder
    </zodb_db>
EOF
    for i in $(seq 1 "$CLIENTS"); do
        printf '\n[client%d]\n<= client-base\nhttp-address = 127.0.0.1:${ports:client%d}\n' "$i" "$i"
    done
    printf '\n[versions]\n'
    grep -E '^[A-Za-z0-9_.-]+==[^ ]+$' "$REQUIREMENTS" | sed 's/==/ = /'
) >"$DIR/buildout.cfg"

# ---------------------------------------------------------------- buildout
mkdir -p "$DIR/testbed"
log "running buildout in $DIR (log: $DIR/testbed/buildout.log)"
if ! (cd "$DIR" && PYTHONWARNINGS=ignore "$VENV/bin/buildout" -c "$DIR/buildout.cfg") \
        >"$DIR/testbed/buildout.log" 2>&1; then
    tail -n 40 "$DIR/testbed/buildout.log" >&2
    die "buildout failed"
fi
for f in parts/zeoserver/etc/zeo.conf bin/zeoserver; do
    [ -e "$DIR/$f" ] || die "buildout did not create $f"
done
for i in $(seq 1 "$CLIENTS"); do
    [ -e "$DIR/parts/client$i/etc/zope.conf" ] || die "buildout did not create parts/client$i/etc/zope.conf"
    [ -x "$DIR/bin/client$i" ] || die "buildout did not create bin/client$i"
done

# ---------------------------------------------------------------- test helpers
# Helpers live in DIR/testbed so that DIR/bin holds only what buildout made.
cp "$SCRIPT_DIR/zodb_probe.py" "$SCRIPT_DIR/init_mounts.py" "$DIR/testbed/"
# (a symlink to the venv python would not activate the venv: wrapper script)
cat >"$DIR/testbed/python" <<EOF
#!/bin/sh
exec "$VENV/bin/python" "\$@"
EOF
cat >"$DIR/testbed/zodb-probe" <<EOF
#!/bin/sh
exec "$VENV/bin/python" "$DIR/testbed/zodb_probe.py" "\$@"
EOF
cp "$SCRIPT_DIR/cluster-ctl.sh" "$DIR/testbed/cluster"
chmod +x "$DIR/testbed/zodb-probe" "$DIR/testbed/cluster" "$DIR/testbed/python"
{
    echo "dir=$DIR"
    echo "venv=$VENV"
    echo "base_port=$BASE_PORT"
    echo "clients=$CLIENTS"
    echo "zeo_address=$ZEO_ADDR"
    for i in $(seq 1 "$CLIENTS"); do echo "client${i}_http=127.0.0.1:$((BASE_PORT + i))"; done
    echo "databases=main,plone,catalog"
    echo "db_main_storage=1"
    echo "db_main_mount_point=/"
    echo "db_main_fs=$DIR/var/filestorage/Data.fs"
    echo "db_plone_storage=plone"
    echo "db_plone_mount_point=/plone"
    echo "db_plone_fs=$DIR/var/filestorage/plone.fs"
    echo "db_catalog_storage=catalog"
    echo "db_catalog_mount_point=/plone/portal_catalog:/catalog"
    echo "db_catalog_fs=$DIR/var/filestorage/catalog.fs"
} >"$DIR/testbed/cluster.env"

# ---------------------------------------------------------------- first start
if [ "$INIT" = 1 ]; then
    port_in_use "$ZEO_PORT" && die "127.0.0.1:$ZEO_PORT is already in use; cannot initialise (use --no-init or another --base-port)"
    log "initialising: starting ZEO, creating root database and mount points"
    trap 'stop_cluster_in "$DIR"' EXIT
    "$DIR/bin/zeoserver" start >/dev/null
    if ! "$DIR/bin/client1" run "$DIR/testbed/init_mounts.py" >"$DIR/testbed/init.log" 2>&1; then
        cat "$DIR/testbed/init.log" >&2
        die "initialisation failed"
    fi
    "$DIR/bin/zeoserver" stop >/dev/null
    trap - EXIT
    for f in Data.fs plone.fs catalog.fs; do
        [ -s "$DIR/var/filestorage/$f" ] || die "var/filestorage/$f missing after initialisation"
    done
fi

echo "# built by build-cluster.sh; see testbed/cluster.env" >"$DIR/.zeofreeze-cluster"
cat "$DIR/testbed/cluster.env" >>"$DIR/.zeofreeze-cluster"
log "cluster ready in $DIR ($(( $(date +%s) - START ))s): ZEO 127.0.0.1:$ZEO_PORT, clients 127.0.0.1:$((BASE_PORT + 1))..$((BASE_PORT + CLIENTS))"
