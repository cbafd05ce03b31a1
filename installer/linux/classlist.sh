#!/usr/bin/env bash
# Writes installer/linux/zeofreeze.classlist: the classes the wizard loads from its start until its
# first page is shown, recorded by the JVM (-XX:DumpLoadedClassList) while the real launcher class
# runs on a private Xvfb. The .deb/.rpm scripts turn it into a class-data-sharing archive at install
# time (see installer/README.md, "Start-up"). Run it again after changes to what the start loads;
# a stale list costs start-up time only, never correctness (a class it names that no longer
# exists is skipped, one it misses is loaded as usual).
#
#   mvn -q package -DskipTests && installer/linux/classlist.sh
#
# Needs Xvfb and xwininfo (Debian: apt-get install xvfb x11-utils).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
die() { echo "classlist.sh: $*" >&2; exit 2; }

jar="$(ls "$root"/target/zeofreeze-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true)"
[ -n "$jar" ] && [ -d "$root/target/lib" ] || die "no packaged jar; run: mvn -q package -DskipTests"
command -v Xvfb >/dev/null && command -v xwininfo >/dev/null || die "needs Xvfb and xwininfo (apt-get install xvfb x11-utils)"

work="$(mktemp -d)"
xvfb=""; app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

exec 3> >(cat > "$work/display")
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 2>"$work/xvfb.log" &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || die "Xvfb gave no display: $(cat "$work/xvfb.log")"
export DISPLAY=":$(tr -dc 0-9 < "$work/display")"

# A buildout beside it, so the first page shows a profile as it does for most people.
mkdir -p "$work/home" "$work/buildout/parts/zeoserver/etc"
HOME="$work/home" java -XX:DumpLoadedClassList="$work/classlist" \
  --add-opens javafx.graphics/javafx.scene=ALL-UNNAMED \
  -cp "$jar" org.zeofreeze.ui.Launcher --buildout "$work/buildout" >"$work/app.log" 2>&1 &
app=$!
shown=""
for _ in $(seq 120); do
  if xwininfo -root -children 2>/dev/null | grep -q '"ZeoFreeze"'; then shown=1; break; fi
  kill -0 "$app" 2>/dev/null || die "the wizard exited: $(cat "$work/app.log")"
  sleep 0.5
done
[ -n "$shown" ] || die "no window within 60 s: $(cat "$work/app.log")"
sleep 3 # the first page's background work (journals, the profile) settles
kill "$app"; wait "$app" 2>/dev/null || true; app=""

# As the JVM wrote it: class names, and the lambda proxies and method-handle forms they use, which
# the archive then holds too (the names alone left some 900 classes to be spun at start).
cp "$work/classlist" "$here/zeofreeze.classlist"
echo "classlist.sh: $(grep -vc '^[#@]' "$here/zeofreeze.classlist") classes in $here/zeofreeze.classlist"
