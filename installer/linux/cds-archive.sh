#!/bin/sh
# The wizard's class-data-sharing archive of an installed ZeoFreeze package:
#   cds-archive.sh create|remove
# Called by the .deb postinst/prerm and the .rpm %post/%preun. "create" has the bundled runtime
# read the classes the wizard loads at start (zeofreeze.classlist, beside this script) from the
# installed jars and write them, parsed and verified, into zeofreeze.jsa; the GUI launcher maps it
# (-XX:SharedArchiveFile) and starts faster. The JVM accepts an archive only for the class path it
# was written with, which is known here, at install time, and not when the package is built.
# Without the archive (not written, or refused) the wizard starts as it would without, so a
# failure here never fails the installation.
set -e

dir="$(cd "$(dirname "$0")" && pwd)"       # <app>/lib/app/cds
appdir="${dir%/cds}"                       # <app>/lib/app, the launcher's $APPDIR
app="${appdir%/lib/app}"
java="$app/lib/runtime/bin/java"
archive="$dir/zeofreeze.jsa"
cfg="$appdir/ZeoFreeze.cfg"

case "$1" in
    create)
        rm -f "$archive"
        # The class path exactly as the launcher builds it: its app.classpath lines, in order.
        cp=""
        while IFS= read -r line; do
            case "$line" in
                app.classpath=*)
                    entry="${line#app.classpath=}"
                    case "$entry" in
                        '$APPDIR'*) entry="$appdir${entry#\$APPDIR}" ;;
                    esac
                    cp="${cp:+$cp:}$entry"
                    ;;
            esac
        done < "$cfg"
        [ -n "$cp" ] || { echo "cds-archive.sh: no app.classpath in $cfg" >&2; exit 1; }
        "$java" -Xshare:dump -XX:SharedClassListFile="$dir/zeofreeze.classlist" \
            -XX:SharedArchiveFile="$archive" -cp "$cp" >"$dir/dump.log" 2>&1 || {
            echo "cds-archive.sh: the start-up archive was not written (see $dir/dump.log); the wizard starts without it" >&2
            rm -f "$archive"
            exit 1
        }
        rm -f "$dir/dump.log"
        chmod 0644 "$archive"
        ;;
    remove)
        rm -f "$archive" "$dir/dump.log"
        ;;
    *)
        echo "usage: cds-archive.sh create|remove" >&2
        exit 2
        ;;
esac
