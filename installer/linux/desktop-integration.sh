#!/bin/sh
# The desktop entry, the icons and the zeofreeze command of an installed ZeoFreeze package:
#   desktop-integration.sh install|remove
# Called by the .deb postinst/prerm and the .rpm %post/%preun. jpackage's own desktop integration
# (--linux-shortcut) goes through xdg-desktop-menu, which fails on machines without a menu
# directory (servers, containers) and then makes the package impossible to install or remove;
# copying the files into the freedesktop locations works everywhere.
set -e

share="$(cd "$(dirname "$0")" && pwd)"     # <app>/lib/app/desktop
app="${share%/lib/app/desktop}"
cli="$app/bin/zeofreeze-cli"
link=/usr/bin/zeofreeze
desktop=/usr/share/applications/zeofreeze.desktop
hicolor=/usr/share/icons/hicolor
sizes="16 24 32 48 64 128 256 512"

refresh() {
    # Menus and icon themes pick the change up without these too, only later.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if [ -f "$hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$hicolor" || true
    fi
}

case "$1" in
    install)
        mkdir -p "$(dirname "$desktop")"
        sed "s|@APPDIR@|$app|g" "$share/zeofreeze.desktop" > "$desktop.new"
        chmod 0644 "$desktop.new"
        mv -f "$desktop.new" "$desktop"
        for n in $sizes; do
            install -D -m 0644 "$share/icons/zeofreeze-$n.png" "$hicolor/${n}x${n}/apps/zeofreeze.png"
        done
        install -D -m 0644 "$share/icons/zeofreeze.svg" "$hicolor/scalable/apps/zeofreeze.svg"
        # Link only a free name (or our own link): never replace someone else's zeofreeze.
        if { [ ! -e "$link" ] && [ ! -L "$link" ]; } || [ "$(readlink "$link")" = "$cli" ]; then
            ln -sfn "$cli" "$link"
        else
            echo "zeofreeze: $link exists and is not ours; the command line is $cli" >&2
        fi
        refresh
        ;;
    remove)
        if [ "$(readlink "$link" || true)" = "$cli" ]; then
            rm -f "$link"
        fi
        rm -f "$desktop"
        for n in $sizes; do
            rm -f "$hicolor/${n}x${n}/apps/zeofreeze.png"
        done
        rm -f "$hicolor/scalable/apps/zeofreeze.svg"
        refresh
        ;;
    *)
        echo "usage: $0 install|remove" >&2
        exit 2
        ;;
esac
