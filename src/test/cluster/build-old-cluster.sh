#!/usr/bin/env bash
# Build a real ZEO 4 test cluster of the Plone 5.0 era on Python 2.7 (layout of
# /usr/local/Plone/zeocluster): the ZEO server is what zc.buildout 2.13 and
# plone.recipe.zeoserver 1.4 write (bin/zeoserver over zdaemon, the same
# parts/zeoserver/etc/zeo.conf), run offline from old-venvs.sh's py27 venv
# (ZEO 4.3.1, ZODB 4.4.5). The Zope clients are STAND-INS (old/standin_client.py):
# Zope 2.13 no longer installs from PyPI as released, so each client is a real
# ZEO 4 ClientStorage process under zdaemon that reads a Zope 2.13-shaped
# parts/clientN/etc/zope.conf (<zodb_db>s with <zeoclient>s, <http-server>) and
# serves HTTP; bin/clientN start|stop|status is zdaemon's, as with the recipe.
#
# Usage: build-old-cluster.sh DIR [--base-port N] [--clients N] [--server-only] [--no-init]
#
#   --base-port N  ZEO listens on 127.0.0.1:N, client K serves HTTP on 127.0.0.1:N+K
#   --clients N    number of clients (default 2)
#   --server-only  the zeoserver part alone, serving its own empty root storage
#   --no-init      do not create the root objects (ZEO started and stopped once)
# The same testbed/ helpers as build-cluster.sh: cluster.env, cluster, python, zodb-probe.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "build-old-cluster: error: $*" >&2; exit 1; }
log() { echo "build-old-cluster: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }

DIR=""
BASE_PORT=8100
CLIENTS=2
INIT=1
SERVER_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --base-port) [ $# -ge 2 ] || usage; BASE_PORT="$2"; shift 2 ;;
        --clients) [ $# -ge 2 ] || usage; CLIENTS="$2"; shift 2 ;;
        --server-only) SERVER_ONLY=1; shift ;;
        --no-init) INIT=0; shift ;;
        -h|--help) usage ;;
        -*) die "unknown option: $1" ;;
        *) [ -z "$DIR" ] || die "only one DIR may be given"; DIR="$1"; shift ;;
    esac
done
[ -n "$DIR" ] || usage
if [ "$SERVER_ONLY" = 1 ]; then INIT=0; CLIENTS=0; fi
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] && [ "$BASE_PORT" -ge 1024 ] && [ $((BASE_PORT + CLIENTS)) -le 65535 ] \
    || die "--base-port must be a number >= 1024 with room for the clients' ports"
[[ "$CLIENTS" =~ ^[0-9]+$ ]] || die "--clients must be a number"
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
case "$DIR" in *[[:space:]:]*) die "DIR must not contain whitespace or ':' (zdaemon splits its program line)" ;; esac
[ ! -e "$DIR" ] || [ -z "$(ls -A "$DIR")" ] || die "$DIR already exists and is not empty"

VENV="$("$SCRIPT_DIR/old-venvs.sh" py27 | sed -n 's/^py27 //p')"
[ -x "$VENV/bin/buildout" ] || die "the py27 venv $VENV has no bin/buildout"
PY="$VENV/bin/python"
ZEO_ADDR="127.0.0.1:$BASE_PORT"
mkdir -p "$DIR/testbed" "$DIR/var/filestorage" "$DIR/var/log"

# ---------------------------------------------------------------- the ZEO server, by its recipe
{
    cat <<EOF
# zeofreeze test cluster (ZEO 4 on Python 2.7): built offline by zc.buildout 2 and
# plone.recipe.zeoserver 1.4 from the packages of the py27 venv; the clients are
# stand-ins written by build-old-cluster.sh (see its header)
[buildout]
parts = zeoserver
offline = true
newest = false
eggs-directory = \${buildout:directory}/eggs
develop-eggs-directory = \${buildout:directory}/develop-eggs

[zeoserver]
recipe = plone.recipe.zeoserver
zeo-address = $ZEO_ADDR
file-storage = filestorage/Data.fs
blob-storage = blobstorage
pack-days = 7
EOF
    if [ "$SERVER_ONLY" = 0 ]; then
        cat <<'EOF'
zeo-conf-additional =
    <filestorage plone>
      path ${buildout:directory}/var/filestorage/plone.fs
    </filestorage>
    <filestorage catalog>
      path ${buildout:directory}/var/filestorage/catalog.fs
    </filestorage>
EOF
    fi
} >"$DIR/buildout.cfg"
log "running buildout in $DIR (log: $DIR/testbed/buildout.log)"
(cd "$DIR" && "$VENV/bin/buildout" -c "$DIR/buildout.cfg") >"$DIR/testbed/buildout.log" 2>&1 \
    || { tail -n 30 "$DIR/testbed/buildout.log" >&2; die "buildout failed"; }
for f in parts/zeoserver/etc/zeo.conf bin/zeoserver; do
    [ -e "$DIR/$f" ] || die "buildout did not create $f"
done

# ---------------------------------------------------------------- the stand-in clients
cp "$SCRIPT_DIR/old/standin_client.py" "$SCRIPT_DIR/old/standin-zope.xml" "$DIR/testbed/"
for i in $(seq 1 "$CLIENTS"); do
    c="client$i"
    mkdir -p "$DIR/parts/$c/etc" "$DIR/var/$c"
    # shaped as plone.recipe.zope2instance 4.x writes it for Zope 2.13 (ZServer's <http-server>)
    cat >"$DIR/parts/$c/etc/zope.conf" <<EOF
%define INSTANCEHOME $DIR/parts/$c
instancehome \$INSTANCEHOME
%define CLIENTHOME $DIR/var/$c
clienthome \$CLIENTHOME
debug-mode off
zserver-threads 2

<eventlog>
  level INFO
  <logfile>
    path $DIR/var/log/$c.log
    level INFO
  </logfile>
</eventlog>

<http-server>
  # valid keys are "address" and "force-connection-close"
  address 127.0.0.1:$((BASE_PORT + i))
</http-server>

<zodb_db main>
    # Main database
    cache-size 10000
    # ZEOStorage database
    <zeoclient>
      server $ZEO_ADDR
      storage 1
      name zeostorage
      var \$INSTANCEHOME/var
      cache-size 128MB
      blob-dir $DIR/var/blobstorage
      shared-blob-dir on
    </zeoclient>
    mount-point /
</zodb_db>

<zodb_db plone>
    <zeoclient>
      server $ZEO_ADDR
      storage plone
      name plone
      var \$INSTANCEHOME/var
    </zeoclient>
    mount-point /plone
    container-class OFS.Folder.Folder
</zodb_db>

<zodb_db catalog>
    <zeoclient>
      server $ZEO_ADDR
      storage catalog
      name catalog
      var \$INSTANCEHOME/var
    </zeoclient>
    mount-point /plone/portal_catalog:/catalog
    container-class OFS.Folder.Folder
</zodb_db>
EOF
    cat >"$DIR/parts/$c/etc/zdaemon.conf" <<EOF
<runner>
  program $PY $DIR/testbed/standin_client.py serve $DIR/parts/$c/etc/zope.conf
  socket-name $DIR/var/$c.zdsock
  daemon true
  forever false
  backoff-limit 10
  directory $DIR
  transcript $DIR/var/log/$c-transcript.log
</runner>
EOF
    # a zc.buildout script in the recipe's shape: the interpreter, its eggs, then the control
    cat >"$DIR/bin/$c" <<EOF
#!$PY

import sys
sys.path[0:0] = [
  '$VENV/lib/python2.7/site-packages',
  ]

import zdaemon.zdctl

if __name__ == '__main__':
    sys.exit(zdaemon.zdctl.main(
        ["-C", '$DIR/parts/$c/etc/zdaemon.conf']
        + sys.argv[1:]))
EOF
    chmod 755 "$DIR/bin/$c"
done

# ---------------------------------------------------------------- test helpers
cat >"$DIR/testbed/python" <<EOF
#!/bin/sh
exec "$PY" "\$@"
EOF
cat >"$DIR/testbed/zodb-probe" <<EOF
#!/bin/sh
conf="\$1"; db="\$2"; shift 2
exec "$PY" "$DIR/testbed/standin_client.py" probe "\$conf" "\$db" "\$@"
EOF
cp "$SCRIPT_DIR/cluster-ctl.sh" "$DIR/testbed/cluster"
chmod +x "$DIR/testbed/python" "$DIR/testbed/zodb-probe" "$DIR/testbed/cluster"
{
    echo "dir=$DIR"
    echo "venv=$VENV"
    echo "generation=zeo4"
    echo "base_port=$BASE_PORT"
    echo "clients=$CLIENTS"
    echo "zeo_address=$ZEO_ADDR"
    for i in $(seq 1 "$CLIENTS"); do echo "client${i}_http=127.0.0.1:$((BASE_PORT + i))"; done
    echo "databases=main,plone,catalog"
} >"$DIR/testbed/cluster.env"

if [ "$INIT" = 1 ]; then
    log "initialising: starting ZEO, creating the root objects of every database"
    trap '"$DIR/bin/zeoserver" stop >/dev/null 2>&1 || true' EXIT
    "$DIR/bin/zeoserver" start >/dev/null
    "$DIR/testbed/cluster" wait-zeo --timeout 60
    "$PY" "$DIR/testbed/standin_client.py" init "$DIR/parts/client1/etc/zope.conf" >"$DIR/testbed/init.log" 2>&1 \
        || { cat "$DIR/testbed/init.log" >&2; die "initialisation failed"; }
    "$DIR/bin/zeoserver" stop >/dev/null
    trap - EXIT
    for f in Data.fs plone.fs catalog.fs; do
        [ -s "$DIR/var/filestorage/$f" ] || die "var/filestorage/$f missing after initialisation"
    done
fi
log "cluster ready in $DIR: ZEO 4.3.1 at $ZEO_ADDR, $CLIENTS stand-in clients"
