#!/usr/bin/env bash
# Smoke test of the test cluster and of the freeze edit described in the
# read-only guide.
#
# Usage: smoke.sh DIR [build-cluster.sh options, used only if DIR has no cluster]
#
#  1. build a cluster in DIR unless one is there
#  2. unfrozen: start everything, every client answers HTTP, zodb_probe
#     commits to main, plone and catalog through every client's zope.conf
#  3. freeze `catalog` the way the guide says (read-only true in its
#     <filestorage> in zeo.conf and in its <zeoclient> in every zope.conf),
#     restart: catalog -> readonly, main and plone -> committed, catalog still
#     readable (--read), every client answers HTTP
#  4. freeze only the server side: a client config without read-only ends in
#     "disconnected" within the probe timeout (the guide's "site hangs" trap)
#  5. stop everything and restore the config files byte for byte
# Exits non-zero if any check fails.  Daemons are stopped and the files
# restored on any exit.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
DIR="$1"; shift
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
PROBE_TIMEOUT="${SMOKE_PROBE_TIMEOUT:-5}"

FAILED=0
PASSED=0
ok()   { PASSED=$((PASSED + 1)); echo "ok   - $*"; }
bad()  { FAILED=$((FAILED + 1)); echo "FAIL - $*"; }
step() { echo; echo "### $*"; }

if [ ! -f "$DIR/.zeofreeze-cluster" ]; then
    step "building cluster in $DIR"
    "$SCRIPT_DIR/build-cluster.sh" "$DIR" --force "$@"
fi
env_get() { sed -n "s/^$1=//p" "$DIR/testbed/cluster.env" | head -n 1; }
CLIENTS="$(env_get clients)"
CTL="$DIR/testbed/cluster"
PROBE="$DIR/testbed/zodb-probe"
ZEO_CONF="$DIR/parts/zeoserver/etc/zeo.conf"
BACKUP="$(mktemp -d)"

zope_conf() { echo "$DIR/parts/client$1/etc/zope.conf"; }

# keep pristine copies; restore them and stop everything on any exit
cp -p "$ZEO_CONF" "$BACKUP/zeo.conf"
for i in $(seq 1 "$CLIENTS"); do cp -p "$(zope_conf "$i")" "$BACKUP/client$i-zope.conf"; done
restore() {
    cp -p "$BACKUP/zeo.conf" "$ZEO_CONF"
    for i in $(seq 1 "$CLIENTS"); do cp -p "$BACKUP/client$i-zope.conf" "$(zope_conf "$i")"; done
}
cleanup() {
    local rc=$?
    "$CTL" stop >/dev/null 2>&1 || true
    restore
    rm -rf "$BACKUP"
    exit $rc
}
trap cleanup EXIT

json_field() {  # json field
    "$DIR/testbed/python" -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$1" "$2" 2>/dev/null || true
}

# probe EXPECTED_RESULT EXPECTED_EXIT CONF DB [probe args]
probe() {
    local want="$1" want_rc="$2" conf="$3" db="$4" out rc result elapsed
    shift 4
    set +e
    out="$("$PROBE" "$conf" "$db" --timeout "$PROBE_TIMEOUT" "$@" 2>>"$DIR/testbed/smoke-probe.log")"
    rc=$?
    set -e
    result="$(json_field "$out" result)"
    elapsed="$(json_field "$out" elapsed)"
    local what="probe ${conf#"$DIR"/} $db $* -> $result (exit $rc, ${elapsed}s)"
    if [ "$result" = "$want" ] && [ "$rc" = "$want_rc" ]; then
        ok "$what"
    else
        bad "$what; wanted $want (exit $want_rc): $out"
    fi
    LAST_ELAPSED="$elapsed"
}

http_all() {
    local i addr code
    for i in $(seq 1 "$CLIENTS"); do
        addr="$(env_get "client${i}_http")"
        code="$(curl -s -o /dev/null -m 30 -w '%{http_code}' "http://$addr/" || true)"
        if [ -n "$code" ] && [ "$code" != 000 ]; then
            ok "client$i http://$addr/ answers $code"
        else
            bad "client$i http://$addr/ does not answer"
        fi
    done
}

start_all() {
    if "$CTL" start --timeout 120 >"$DIR/testbed/smoke-start.log" 2>&1; then
        ok "cluster started ($*)"
    else
        cat "$DIR/testbed/smoke-start.log"
        bad "cluster start ($*)"
        exit 1
    fi
}

stop_all() {
    "$CTL" stop >/dev/null 2>&1 || bad "cluster stop"
    if "$CTL" status >/dev/null 2>&1; then bad "something still runs after stop"; fi
}

# ------------------------------------------------------------------ unfrozen
step "unfrozen"
: >"$DIR/testbed/smoke-probe.log"
start_all unfrozen
"$CTL" status && ok "all daemons report 'program running'" || bad "status after start"
http_all
for i in $(seq 1 "$CLIENTS"); do
    for db in main plone catalog; do
        probe committed 0 "$(zope_conf "$i")" "$db"
    done
done
probe read 0 "$(zope_conf 1)" catalog --read
stop_all

# ------------------------------------------------------------------ frozen
step "catalog frozen on the server and in every client"
# the edit from the guide: read-only true in the <filestorage catalog> of
# zeo.conf and in the <zeoclient> of <zodb_db catalog> in each zope.conf
sed -i '/<filestorage catalog>/a\  read-only true' "$ZEO_CONF"
for i in $(seq 1 "$CLIENTS"); do
    sed -i '/<zodb_db catalog>/,/<\/zodb_db>/{/<zeoclient>/a\    read-only true
}' "$(zope_conf "$i")"
done
n="$(grep -c 'read-only true' "$ZEO_CONF" || true)"
[ "$n" = 1 ] && ok "zeo.conf has one 'read-only true'" || bad "zeo.conf has $n 'read-only true'"
start_all "catalog frozen"
http_all
for i in $(seq 1 "$CLIENTS"); do
    probe readonly 10 "$(zope_conf "$i")" catalog
    probe committed 0 "$(zope_conf "$i")" main
    probe committed 0 "$(zope_conf "$i")" plone
    probe read 0 "$(zope_conf "$i")" catalog --read
done
stop_all

# ------------------------------------------------------------------ trap
step "only the server side frozen, client config not read-only"
for i in $(seq 1 "$CLIENTS"); do cp -p "$BACKUP/client$i-zope.conf" "$(zope_conf "$i")"; done
"$DIR/bin/zeoserver" start >/dev/null
"$CTL" wait-zeo --timeout 60 >/dev/null || bad "ZEO did not come up"
probe disconnected 11 "$(zope_conf 1)" catalog
if "$DIR/testbed/python" -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) + 6 else 1)' \
        "${LAST_ELAPSED:-999}" "$PROBE_TIMEOUT"; then
    ok "disconnected within the timeout (${LAST_ELAPSED}s <= ${PROBE_TIMEOUT}s + 6s)"
else
    bad "disconnected took ${LAST_ELAPSED}s, timeout was ${PROBE_TIMEOUT}s"
fi
probe disconnected 11 "$(zope_conf 1)" catalog --as-is
probe read 0 "$(zope_conf 1)" catalog --read
probe committed 0 "$(zope_conf 1)" main
stop_all

# ------------------------------------------------------------------ restore
step "restore"
restore
same=1
cmp -s "$BACKUP/zeo.conf" "$ZEO_CONF" || same=0
for i in $(seq 1 "$CLIENTS"); do cmp -s "$BACKUP/client$i-zope.conf" "$(zope_conf "$i")" || same=0; done
[ "$same" = 1 ] && ok "config files restored byte for byte" || bad "config files differ after restore"

echo
echo "smoke: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
