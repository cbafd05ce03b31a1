#!/usr/bin/env bash
# Regenerate src/test/resources/fixtures/generated/ from a real build in
# /usr/local/Plone/zeocluster (the guide's path), then remove that build.
# Refuses to run if /usr/local/Plone already exists (it is never touched then).
#
# Usage: regen-fixtures.sh
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$SCRIPT_DIR/../resources/fixtures/generated"
ROOT=/usr/local/Plone
BUILD="$ROOT/zeocluster"

[ ! -e "$ROOT" ] || { echo "regen-fixtures: $ROOT exists; not touching it" >&2; exit 1; }
cleanup() {
    for s in "$BUILD"/bin/client* "$BUILD"/bin/zeoserver; do
        [ -x "$s" ] && "$s" stop >/dev/null 2>&1 || true
    done
    rm -rf "$ROOT"
}
trap cleanup EXIT

"$SCRIPT_DIR/build-cluster.sh" "$BUILD" --base-port 8100 --clients 2
mkdir -p "$OUT"
cp "$BUILD/parts/zeoserver/etc/zeo.conf" "$OUT/zeo.conf"
cp "$BUILD/parts/client1/etc/zope.conf" "$OUT/client1-zope.conf"
cp "$BUILD/parts/client2/etc/zope.conf" "$OUT/client2-zope.conf"
cp "$BUILD/buildout.cfg" "$OUT/buildout.cfg"
echo "regen-fixtures: copied into $OUT" >&2
