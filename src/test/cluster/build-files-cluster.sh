#!/usr/bin/env bash
# Build a real ZEO/Zope test cluster WITHOUT buildout, as Plone 6 admins run it with pip: the
# cluster venv's runzeo and runwsgi started by a real supervisord (supervisor-venv.sh), every
# configuration written by hand here, as an admin keeps them:
#
#   DIR/etc/zeo.conf                runzeo -C: storages 1 (root), plone, catalog
#   DIR/etc/clientK/zope.conf       the clients' Zope configuration, one <zodb_db> per storage
#   DIR/etc/clientK/zope.ini        runwsgi's PasteDeploy file (waitress on 127.0.0.1:BASE+K)
#   DIR/etc/supervisord.conf        programs zeoserver, client1..N; its socket under DIR/var/run
#   DIR/var/filestorage/*.fs        the storages, created and mounted once (/plone, /plone/portal_catalog)
#
# Usage: build-files-cluster.sh DIR [--base-port N] [--clients N] [--server-only]
#   --base-port N  ZEO listens on 127.0.0.1:N, client K serves HTTP on 127.0.0.1:N+K (default 18900)
#   --clients N    number of Zope clients (default 2)
#   --server-only  a new server to move storages to: zeo.conf with its own empty root storage
#                  alone, supervisord with the zeoserver program alone, no clients, no init
#
# DIR/testbed/ holds what the tests use (cluster.env, cluster start|stop|status, python,
# zodb-probe), as build-cluster.sh writes it for the buildout cluster.
#
# Environment:
#   ZEOFREEZE_CACHE   venv cache root (default $HOME/.cache/zeofreeze)
#   ZEOFREEZE_PYTHON  interpreter used to create the venvs (default python3)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "build-files-cluster: error: $*" >&2; exit 1; }
log() { echo "build-files-cluster: $*" >&2; }

DIR=""
BASE_PORT=18900
CLIENTS=2
SERVER_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --base-port) [ $# -ge 2 ] || die "--base-port needs a value"; BASE_PORT="$2"; shift 2 ;;
        --clients) [ $# -ge 2 ] || die "--clients needs a value"; CLIENTS="$2"; shift 2 ;;
        --server-only) SERVER_ONLY=1; shift ;;
        -*) die "unknown option: $1" ;;
        *) [ -z "$DIR" ] || die "only one DIR may be given"; DIR="$1"; shift ;;
    esac
done
[ -n "$DIR" ] || die "usage: build-files-cluster.sh DIR [--base-port N] [--clients N]"
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] && [ "$BASE_PORT" -ge 1024 ] || die "--base-port must be a number >= 1024"
if [ "$SERVER_ONLY" = 1 ]; then CLIENTS=0; fi
[[ "$CLIENTS" =~ ^[0-9]+$ ]] && { [ "$CLIENTS" -ge 1 ] || [ "$SERVER_ONLY" = 1 ]; } || die "--clients must be a number >= 1"
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
case "$DIR" in *[[:space:]]*|*:*|*%*) die "DIR must not contain whitespace, ':' or '%'" ;; esac
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    die "$DIR already exists and is not empty"
fi

VENV="$("$SCRIPT_DIR/build-cluster.sh" --venv-only)"
SUPERVISOR="$("$SCRIPT_DIR/supervisor-venv.sh")"
ZEO_ADDR="127.0.0.1:$BASE_PORT"
mkdir -p "$DIR/etc" "$DIR/var/filestorage" "$DIR/var/log" "$DIR/var/run" "$DIR/var/cache" "$DIR/testbed"

cat >"$DIR/etc/zeo.conf" <<EOF
# ZEO server of the hand-kept test cluster (runzeo -C this file, under supervisord)
%define VAR $DIR/var

<zeo>
  address $ZEO_ADDR
  read-only false
  invalidation-queue-size 100
  pid-filename \$VAR/run/zeoserver.pid
</zeo>

<filestorage 1>
  path \$VAR/filestorage/Data.fs
  blob-dir \$VAR/blobstorage
</filestorage>
$(if [ "$SERVER_ONLY" = 0 ]; then cat <<STORAGES

<filestorage plone>
  path \$VAR/filestorage/plone.fs
  blob-dir \$VAR/blobstorage-plone
</filestorage>

<filestorage catalog>
  path \$VAR/filestorage/catalog.fs
  blob-dir \$VAR/blobstorage-catalog
</filestorage>
STORAGES
fi)

<eventlog>
  level info
  <logfile>
    path \$VAR/log/zeoserver.log
    format %(asctime)s %(message)s
  </logfile>
</eventlog>
EOF

zeoclient() {  # storage blob-dir client
    cat <<EOF
  <zeoclient>
    server $ZEO_ADDR
    storage $1
    name $1
    var \$VAR/$3
    blob-dir \$VAR/$2
    shared-blob-dir on
  </zeoclient>
EOF
}

for i in $(seq 1 "$CLIENTS"); do
    c="client$i"
    mkdir -p "$DIR/etc/$c" "$DIR/var/$c"
    {
        cat <<EOF
# Zope client $c of the hand-kept test cluster (runwsgi $DIR/etc/$c/zope.ini)
%define VAR $DIR/var
instancehome $DIR
clienthome \$VAR/$c
debug-mode off
security-policy-implementation C
verbose-security off
default-zpublisher-encoding utf-8
<environment>
  CHAMELEON_CACHE \$VAR/cache
</environment>

<zodb_db main>
EOF
        zeoclient 1 blobstorage "$c"
        cat <<EOF
  mount-point /
  cache-size 30000
</zodb_db>

<zodb_db plone>
EOF
        zeoclient plone blobstorage-plone "$c"
        cat <<EOF
  mount-point /plone
  container-class OFS.Folder.Folder
</zodb_db>

<zodb_db catalog>
EOF
        zeoclient catalog blobstorage-catalog "$c"
        cat <<EOF
  mount-point /plone/portal_catalog:/catalog
  container-class OFS.Folder.Folder
</zodb_db>
EOF
    } >"$DIR/etc/$c/zope.conf"
    cat >"$DIR/etc/$c/zope.ini" <<EOF
[app:zope]
use = egg:Zope#main
zope_conf = $DIR/etc/$c/zope.conf

[pipeline:main]
pipeline =
    zope

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:$((BASE_PORT + i))
threads = 4

[loggers]
keys = root

[handlers]
keys = file

[formatters]
keys = plain

[logger_root]
level = INFO
handlers = file

[handler_file]
class = FileHandler
args = ('$DIR/var/log/$c.log', 'a')
formatter = plain

[formatter_plain]
format = %%(asctime)s %%(levelname)s %%(name)s %%(message)s
EOF
done

{
    cat <<EOF
; supervisord of the hand-kept test cluster: one program per part, named after it
[unix_http_server]
file = $DIR/var/run/supervisor.sock
chmod = 0700

[supervisord]
logfile = $DIR/var/log/supervisord.log
pidfile = $DIR/var/run/supervisord.pid
directory = $DIR
nodaemon = false

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://$DIR/var/run/supervisor.sock

[program:zeoserver]
command = $VENV/bin/runzeo -C $DIR/etc/zeo.conf
autostart = false
autorestart = false
startsecs = 2
stopwaitsecs = 30
redirect_stderr = true
stdout_logfile = $DIR/var/log/zeoserver.out
EOF
    for i in $(seq 1 "$CLIENTS"); do
        cat <<EOF

[program:client$i]
command = $VENV/bin/runwsgi $DIR/etc/client$i/zope.ini
autostart = false
autorestart = false
startsecs = 2
stopwaitsecs = 30
redirect_stderr = true
stdout_logfile = $DIR/var/log/client$i.out
EOF
    done
} >"$DIR/etc/supervisord.conf"

# ---------------------------------------------------------------- test helpers
cp "$SCRIPT_DIR/zodb_probe.py" "$SCRIPT_DIR/init_mounts.py" "$DIR/testbed/"
cat >"$DIR/testbed/python" <<EOF
#!/bin/sh
exec "$VENV/bin/python" "\$@"
EOF
cat >"$DIR/testbed/zodb-probe" <<EOF
#!/bin/sh
exec "$VENV/bin/python" "$DIR/testbed/zodb_probe.py" "\$@"
EOF
cp "$SCRIPT_DIR/files-cluster-ctl.sh" "$DIR/testbed/cluster"
chmod +x "$DIR/testbed/zodb-probe" "$DIR/testbed/cluster" "$DIR/testbed/python"
{
    echo "dir=$DIR"
    echo "venv=$VENV"
    echo "supervisor=$SUPERVISOR"
    echo "supervisord_conf=$DIR/etc/supervisord.conf"
    echo "base_port=$BASE_PORT"
    echo "clients=$CLIENTS"
    echo "zeo_address=$ZEO_ADDR"
    echo "zeo_conf=$DIR/etc/zeo.conf"
    for i in $(seq 1 "$CLIENTS"); do
        echo "client${i}_http=127.0.0.1:$((BASE_PORT + i))"
        echo "client${i}_conf=$DIR/etc/client$i/zope.conf"
    done
} >"$DIR/testbed/cluster.env"

if [ "$SERVER_ONLY" = 1 ]; then
    log "server ready in $DIR: ZEO $ZEO_ADDR (not started), under supervisord"
    exit 0
fi

# ---------------------------------------------------------------- first start
log "initialising: runzeo, then the root database and the mount points with zconsole"
"$VENV/bin/runzeo" -C "$DIR/etc/zeo.conf" >"$DIR/testbed/init-zeo.log" 2>&1 &
zeo_pid=$!
trap 'kill "$zeo_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    "$VENV/bin/python" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
        "$BASE_PORT" 2>/dev/null && break
    kill -0 "$zeo_pid" 2>/dev/null || { cat "$DIR/testbed/init-zeo.log" >&2; die "runzeo exited"; }
    sleep 0.2
done
if ! "$VENV/bin/zconsole" run "$DIR/etc/client1/zope.conf" "$DIR/testbed/init_mounts.py" \
        >"$DIR/testbed/init.log" 2>&1; then
    cat "$DIR/testbed/init.log" >&2
    die "initialisation failed"
fi
# the manager the tests' load commits to the root as (plone.recipe.zope2instance's user = admin:admin)
if ! "$VENV/bin/addzopeuser" -c "$DIR/etc/client1/zope.conf" admin admin >>"$DIR/testbed/init.log" 2>&1; then
    cat "$DIR/testbed/init.log" >&2
    die "addzopeuser failed"
fi
kill "$zeo_pid"
wait "$zeo_pid" 2>/dev/null || true
trap - EXIT
for f in Data.fs plone.fs catalog.fs; do
    [ -s "$DIR/var/filestorage/$f" ] || die "var/filestorage/$f missing after initialisation"
done
log "cluster ready in $DIR: ZEO $ZEO_ADDR, clients 127.0.0.1:$((BASE_PORT + 1))..$((BASE_PORT + CLIENTS)), under supervisord"
