#!/usr/bin/env bash
# Start/stop the test cluster without buildout under its supervisord. build-files-cluster.sh
# copies this to DIR/testbed/cluster.
#
# Usage: DIR/testbed/cluster start|stop|status [--timeout SECONDS]
#
#   start   supervisord (unless it runs), then zeoserver until its port accepts, then every
#           client until it answers HTTP
#   supervisord  supervisord alone (unless it runs), its programs left stopped: a move's target,
#           whose server the move starts
#   stop    every client, then zeoserver, then supervisord itself
#   status  exit 0 if every program is RUNNING, else 3
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env_get() { sed -n "s/^$1=//p" "$DIR/testbed/cluster.env" | head -n 1; }
venv="$(env_get venv)"
supervisor="$(env_get supervisor)"
conf="$(env_get supervisord_conf)"
clients="$(env_get clients)"
zeo_address="$(env_get zeo_address)"
TIMEOUT=120
CMD="${1:-}"
shift || true
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) TIMEOUT="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

ctl() { "$supervisor/bin/supervisorctl" -c "$conf" "$@"; }
supervisord_up() { ctl pid >/dev/null 2>&1; }
tcp_up() {
    "$venv/bin/python" -c 'import socket,sys; h,p=sys.argv[1].rsplit(":",1); socket.create_connection((h,int(p)),1).close()' "$1" 2>/dev/null
}
http_up() {
    local code
    code="$(curl -s -o /dev/null -m 10 -w '%{http_code}' "http://$1/" 2>/dev/null || true)"
    [ -n "$code" ] && [ "$code" != 000 ]
}
wait_for() {  # what check arg
    local deadline=$(( $(date +%s) + TIMEOUT ))
    until "$2" "$3"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "$1 not up within ${TIMEOUT}s" >&2; return 1; }
        sleep 0.3
    done
}

start_supervisord() {
    if ! supervisord_up; then
        "$supervisor/bin/supervisord" -c "$conf"
        for _ in $(seq 1 100); do supervisord_up && break; sleep 0.1; done
        supervisord_up || { echo "supervisord did not start" >&2; exit 1; }
    fi
}

case "$CMD" in
    supervisord)
        start_supervisord
        ;;
    start)
        start_supervisord
        ctl start zeoserver
        wait_for zeoserver tcp_up "$zeo_address"
        for i in $(seq 1 "$clients"); do ctl start "client$i"; done
        for i in $(seq 1 "$clients"); do wait_for "client$i" http_up "$(env_get "client${i}_http")"; done
        ;;
    stop)
        if supervisord_up; then
            for i in $(seq 1 "$clients"); do ctl stop "client$i" || true; done
            ctl stop zeoserver || true
            ctl shutdown || true
        fi
        ;;
    status)
        supervisord_up || exit 3
        ctl status
        ;;
    *)
        echo "usage: $0 start|supervisord|stop|status [--timeout SECONDS]" >&2
        exit 2
        ;;
esac
