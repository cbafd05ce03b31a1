#!/usr/bin/env bash
# Start/stop a whole test cluster in the right order.  build-cluster.sh copies
# this to DIR/testbed/cluster.
#
# Usage: DIR/testbed/cluster start|stop|restart|status|wait|wait-zeo [--timeout SECONDS]
#
#   start   bin/zeoserver start, wait for the ZEO port, then bin/clientN start
#           for every client and wait until each answers HTTP
#   stop    bin/clientN stop for every client, then bin/zeoserver stop
#   status  bin/zeoserver status and bin/clientN status; exit 0 if all run, else 3
#   wait    only wait for ZEO and every client's HTTP
#   wait-zeo  only wait until ZEO accepts connections
# Readiness timeout per process: --timeout (default 120 s).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# cluster.env is plain key=value (also meant for non-shell readers)
env_get() { sed -n "s/^$1=//p" "$DIR/testbed/cluster.env" | head -n 1; }
venv="$(env_get venv)"
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

clients() { local i; for i in $(seq 1 "$clients"); do echo "client$i"; done; }

tcp_up() {  # host:port
    "$venv/bin/python" -c 'import socket,sys; h,p=sys.argv[1].rsplit(":",1); socket.create_connection((h,int(p)),1).close()' "$1" 2>/dev/null
}

wait_zeo() {
    local deadline=$(( $(date +%s) + TIMEOUT ))
    until tcp_up "$zeo_address"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "ZEO $zeo_address not listening after ${TIMEOUT}s" >&2; return 1; }
        sleep 0.2
    done
}

wait_http() {  # clientN
    local deadline code addr
    addr="$(env_get "${1}_http")"
    deadline=$(( $(date +%s) + TIMEOUT ))
    while :; do
        code="$(curl -s -o /dev/null -m 10 -w '%{http_code}' "http://$addr/" || true)"
        if [ -n "$code" ] && [ "$code" != 000 ]; then
            echo "$1 http://$addr/ -> $code"
            return 0
        fi
        [ "$(date +%s)" -lt "$deadline" ] || { echo "$1 http://$addr/ not answering after ${TIMEOUT}s" >&2; return 1; }
        sleep 0.5
    done
}

running() { "$DIR/bin/$1" status 2>/dev/null | grep -q '^program running'; }

check_port_free() {  # script host:port
    if ! running "$1" && tcp_up "$2"; then
        echo "$2 is already in use by another process; not starting $1" >&2
        exit 1
    fi
}

case "$CMD" in
    start)
        check_port_free zeoserver "$zeo_address"
        for c in $(clients); do check_port_free "$c" "$(env_get "${c}_http")"; done
        "$DIR/bin/zeoserver" start
        wait_zeo
        for c in $(clients); do "$DIR/bin/$c" start; done
        for c in $(clients); do wait_http "$c"; done
        ;;
    stop)
        rc=0
        for c in $(clients); do "$DIR/bin/$c" stop || rc=1; done
        "$DIR/bin/zeoserver" stop || rc=1
        exit $rc
        ;;
    restart)
        "$0" stop || true
        exec "$0" start --timeout "$TIMEOUT"
        ;;
    status)
        rc=0
        out="$("$DIR/bin/zeoserver" status || true)"
        echo "zeoserver: $out"
        case "$out" in "program running"*) ;; *) rc=3 ;; esac
        for c in $(clients); do
            out="$("$DIR/bin/$c" status || true)"
            echo "$c: $out"
            case "$out" in "program running"*) ;; *) rc=3 ;; esac
        done
        exit $rc
        ;;
    wait-zeo)
        wait_zeo
        ;;
    wait)
        wait_zeo
        for c in $(clients); do wait_http "$c"; done
        ;;
    *)
        sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
esac
