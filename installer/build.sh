#!/usr/bin/env bash
# Builds a native ZeoFreeze package with the JDK's jpackage: a trimmed Java runtime (jlink of the JDK
# modules the app uses), the app jar and its runtime jars (JavaFX included, on the class path),
# a GUI launcher "ZeoFreeze" and a command-line launcher "zeofreeze-cli".
#
#   installer/build.sh deb|rpm|msi|dmg|app-image
#
# Run `mvn package` first (on the target OS: the JavaFX jars in target/lib are per platform).
# Environment:
#   ZEOFREEZE_JAR   the app jar (default: target/zeofreeze-*.jar; its runtime jars are in lib/ beside it)
#   ZEOFREEZE_DEST  where the package goes (default: target/installer)
#   ZEOFREEZE_APP_VERSION  the package version (default: the jar's, without a -SUFFIX)
#   JAVA_HOME       a JDK 17+ with jlink, jdeps, jpackage and its jmods (default: from javac on the PATH)
# See installer/README.md for what each platform needs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

die() { echo "build.sh: $*" >&2; exit 2; }

os="$(uname -s)"
exe=""
case "$os" in MINGW*|MSYS*|CYGWIN*) exe=".exe" ;; esac
# Paths as the JDK tools want them: Windows paths under Git Bash, unchanged elsewhere.
np() { if [ -n "$exe" ] && command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s\n' "$1"; fi; }

type="${1:-}"
case "$type" in
  deb|rpm|msi|dmg|app-image) ;;
  *) die "usage: installer/build.sh deb|rpm|msi|dmg|app-image" ;;
esac

# --- the JDK tools -----------------------------------------------------------------------------
if [ -z "${JAVA_HOME:-}" ] && [ "$os" = Darwin ] && [ -x /usr/libexec/java_home ]; then
  JAVA_HOME="$(/usr/libexec/java_home -v 17+ 2>/dev/null || true)"
fi
if [ -z "${JAVA_HOME:-}" ]; then
  javac="$(command -v javac || true)"
  [ -n "$javac" ] || die "no JDK: set JAVA_HOME or put a JDK 17+ javac on the PATH"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$javac")")")"
fi
for tool in jdeps jlink jpackage; do
  [ -x "$JAVA_HOME/bin/$tool$exe" ] || die "$JAVA_HOME/bin/$tool$exe missing (on Debian: apt-get install openjdk-17-jdk)"
done
[ -f "$JAVA_HOME/jmods/java.base.jmod" ] || die "$JAVA_HOME/jmods missing: jlink needs the JDK's jmods (Debian 12: openjdk-17-jdk-headless; later: openjdk-17-jmods)"

# --- the application ---------------------------------------------------------------------------
jar="${ZEOFREEZE_JAR:-}"
if [ -z "$jar" ]; then
  jar="$(ls "$root"/target/zeofreeze-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true)"
fi
[ -n "$jar" ] && [ -f "$jar" ] || die "no app jar; run: mvn package -DskipTests (or set ZEOFREEZE_JAR)"
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
lib="$(dirname "$jar")/lib"
[ -d "$lib" ] || die "no $lib beside the jar; 'mvn package' copies the runtime jars there"
jarname="$(basename "$jar")"
version="${jarname#zeofreeze-}"; version="${version%.jar}"
# jpackage takes only dotted numbers: 0.2.0-SNAPSHOT is packaged as 0.2.0.
app_version="${ZEOFREEZE_APP_VERSION:-${version%%-*}}"
[[ "$app_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "cannot make a package version out of '$app_version'"
if [ "$os" = Darwin ] && [[ "$app_version" == 0* ]]; then
  # macOS bundle versions (CFBundleVersion) must start with 1 or more; jpackage refuses 0.x.
  die "jpackage cannot make a macOS package of version $app_version; set ZEOFREEZE_APP_VERSION (see installer/README.md)"
fi

dest="${ZEOFREEZE_DEST:-$root/target/installer}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/zeofreeze-installer.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# jpackage packs everything in --input; the manifest's Class-Path names lib/<jar>, so keep that layout.
mkdir -p "$work/input/lib"
cp "$jar" "$work/input/"
cp "$lib"/*.jar "$work/input/lib/"

# --- the trimmed runtime -----------------------------------------------------------------------
# jdeps over the app and every library finds the JDK modules they reference. It cannot see
# service providers: jdk.crypto.ec (SunEC: the EC host and user keys of SSH) and jdk.charsets
# (file and host encodings beyond the standard ones) are added by hand; jdk.localedata is not:
# the app speaks English.
echo "build.sh: finding the JDK modules the app needs (jdeps)"
jars=("$(np "$work/input/$jarname")")
for j in "$work/input"/lib/*.jar; do jars+=("$(np "$j")"); done
modules="$("$JAVA_HOME/bin/jdeps$exe" --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "$(np "$work/input/lib")/*" "${jars[@]}" 2>/dev/null | tail -n 1 | tr -d '\r')"
[[ "$modules" == java.base* ]] || die "jdeps gave no module list: '$modules'"
modules="$modules,jdk.crypto.ec,jdk.charsets"
echo "build.sh: runtime modules: $modules"
jlink_opts=(--strip-debug --no-man-pages --no-header-files --compress=2)
case "$type" in
  deb|rpm)
    # The package scripts run the runtime's java once, at install time, to write the wizard's
    # class-data-sharing archive (linux/cds-archive.sh); jlink's own archive of the JDK classes
    # (--generate-cds-archive, which also needs bin/java) serves the command line. Every other
    # JDK command is removed after.
    jlink_opts+=(--generate-cds-archive) ;;
  *) jlink_opts+=(--strip-native-commands) ;;
esac
"$JAVA_HOME/bin/jlink$exe" --add-modules "$modules" --output "$(np "$work/runtime")" "${jlink_opts[@]}"
case "$type" in
  deb|rpm)
    find "$work/runtime/bin" -type f ! -name java -delete
    # Only for heaps over 32 GB (no compressed oops); the wizard's is far smaller.
    rm -f "$work/runtime/lib/server/classes_nocoops.jsa" ;;
esac

# --- the launchers -----------------------------------------------------------------------------
# ControlsFX reaches into javafx.scene internals. With JavaFX on the class path (as here, in the
# tests and in ./zeofreeze) the option is inert but harmless; it matters as soon as JavaFX runs as
# named modules. The CLI never loads JavaFX, and there the JVM would print "Unknown module:
# javafx.graphics" on every command, so the CLI launcher gets plain options instead.
gui_opens="--add-opens javafx.graphics/javafx.scene=ALL-UNNAMED"
cat > "$work/zeofreeze-cli.properties" <<PROPS
main-class=org.zeofreeze.cli.ZeoFreezeCommand
java-options=-Djava.awt.headless=true
win-console=true
win-shortcut=false
win-menu=false
PROPS

args=(
  --type "$type"
  --name ZeoFreeze
  --app-version "$app_version"
  --vendor ZeoFreeze
  --description "Freeze, copy and thaw the FileStorages of a ZEO/Plone cluster"
  --input "$(np "$work/input")"
  --main-jar "$jarname"
  --main-class org.zeofreeze.ui.Launcher
  --java-options "$gui_opens"
  --runtime-image "$(np "$work/runtime")"
  --add-launcher "zeofreeze-cli=$(np "$work/zeofreeze-cli.properties")"
  --dest "$(np "$dest")"
)

case "$type" in
  deb|rpm)
    # The desktop entry, the hicolor icons in every size and /usr/bin/zeofreeze are put in place by
    # the package scripts (resources/deb/postinst, resources/rpm/zeofreeze.spec) through
    # linux/desktop-integration.sh; see there why not jpackage's --linux-shortcut.
    mkdir -p "$work/input/desktop/icons" "$work/input/cds"
    cp "$here/linux/desktop-integration.sh" "$here/linux/zeofreeze.desktop" "$work/input/desktop/"
    # The classes the wizard loads at start, made into an archive at install time for the GUI
    # launcher, which names it (the JVM ignores a named archive that is missing or refused).
    cp "$here/linux/cds-archive.sh" "$here/linux/zeofreeze.classlist" "$work/input/cds/"
    args+=(--java-options '-XX:SharedArchiveFile=$APPDIR/cds/zeofreeze.jsa')
    # The client compiler only: the wizard's heavy work runs in rsync, openssl and sha256sum on the
    # hosts, and on a two-core machine C2's compile threads slowed its start (1.26 s -> 1.10 s to
    # the window, measured on the installed .deb under Xvfb) and its first frames of a run.
    args+=(--java-options '-XX:TieredStopAtLevel=1')
    cp "$root"/icons/png/zeofreeze-*.png "$root/icons/zeofreeze.svg" "$work/input/desktop/icons/"
    # jpackage derives Depends/Requires from the runtime's shared libraries; JavaFX unpacks its own
    # native libraries from its jars at run time, so what those link against is named here.
    if [ "$type" = deb ]; then
      deps="libgtk-3-0, libgl1, libxtst6, libxxf86vm1"
      category=admin
    else
      deps="gtk3, libglvnd-glx, libXtst, libXxf86vm"
      category=Applications/System
    fi
    # No --icon: jpackage 17 treats a custom icon as a request for its own menu entry (and then
    # requires xdg-utils); the menu entry and icons here are those of desktop-integration.sh.
    args+=(
      --linux-package-name zeofreeze
      # The package scripts know the app as /opt/zeofreeze.
      --install-dir /opt
      --linux-app-category "$category"
      --linux-package-deps "$deps"
      --resource-dir "$(np "$here/resources/$type")"
    )
    ;;
  msi)
    # Needs the WiX Toolset 3 (candle.exe, light.exe) on the PATH.
    args+=(
      --icon "$(np "$root/icons/zeofreeze.ico")"
      --win-menu --win-menu-group ZeoFreeze --win-shortcut --win-dir-chooser
      # A fixed upgrade code lets a newer .msi replace an installed older one.
      --win-upgrade-uuid 6f0c2b1e-5a43-4d7e-9c1f-2e7b9a3d8c40
    )
    ;;
  dmg)
    args+=(
      --icon "$(np "$root/icons/zeofreeze.icns")"
      --mac-package-identifier org.zeofreeze
      --mac-package-name ZeoFreeze
    )
    ;;
  app-image)
    case "$os" in
      Darwin) args+=(--icon "$(np "$root/icons/zeofreeze.icns")") ;;
      MINGW*|MSYS*|CYGWIN*) args+=(--icon "$(np "$root/icons/zeofreeze.ico")") ;;
      *) args+=(--icon "$(np "$root/icons/png/zeofreeze-512.png")") ;;
    esac
    ;;
esac

echo "build.sh: jpackage --type $type"
"$JAVA_HOME/bin/jpackage$exe" "${args[@]}"
echo "build.sh: built in $dest:"
ls -l "$dest"
