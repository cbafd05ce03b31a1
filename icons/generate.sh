#!/usr/bin/env bash
# Regenerates every raster icon in this directory from the hand-written SVGs.
#
#   icons/generate.sh
#
# Outputs (all committed, so the build never needs these tools):
#   png/zeofreeze-<N>.png   N = 16 24 32 48 64 128 256 512
#   zeofreeze.ico           16 24 32 48 64 128 256   (Windows, jpackage --icon)
#   zeofreeze.icns          32 64 128 256 512 1024    (macOS,  jpackage --icon)
#
# Which artwork is used for which size:
#   16        zeofreeze-16.svg     (pixel-drawn for exactly 16 px)
#   24, 32    zeofreeze-small.svg  (simplified, 2-unit grid)
#   48 and up zeofreeze.svg        (master artwork)
#
# Needs:
#   rsvg-convert  Debian package librsvg2-bin (rasterises the SVGs)
#   python3 with the venv module (Debian: python3-venv); Pillow is installed
#   by this script into a virtualenv under ${XDG_CACHE_HOME:-~/.cache}, never
#   into the repository. Pillow writes the .ico and .icns containers from the
#   exact PNGs rendered here (no resampling of one size into another).
#
# Environment overrides:
#   ZEOFREEZE_ICON_VENV  path of the virtualenv to use/create
#   PILLOW_SPEC          pip requirement for Pillow (default below)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

venv="${ZEOFREEZE_ICON_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zeofreeze-icons/venv}"
pillow_spec="${PILLOW_SPEC:-Pillow>=10,<14}"

png_sizes=(16 24 32 48 64 128 256 512)

die() { printf 'generate.sh: %s\n' "$*" >&2; exit 1; }

# --- tools ------------------------------------------------------------------
command -v rsvg-convert >/dev/null 2>&1 \
  || die "rsvg-convert not found. Install it with: apt-get install librsvg2-bin"

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 \
  || die "python3 not found. Install it with: apt-get install python3 python3-venv"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "Creating virtualenv $venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" \
    || die "could not create a virtualenv. Install it with: apt-get install python3-venv"
fi
# A no-op without network access once a matching Pillow is installed.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pillow_spec" \
  || die "could not install Pillow into $venv (pip install '$pillow_spec'; needs PyPI access the first time)"

# --- rasterise ----------------------------------------------------------------
source_for() {
  local n=$1
  if   (( n <= 16 )); then echo zeofreeze-16.svg
  elif (( n <= 32 )); then echo zeofreeze-small.svg
  else                     echo zeofreeze.svg
  fi
}

render() { # size output
  rsvg-convert --width "$1" --height "$1" --keep-aspect-ratio \
    --format png --output "$2" "$(source_for "$1")"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p png
for n in "${png_sizes[@]}"; do
  render "$n" "png/zeofreeze-$n.png"
  echo "png/zeofreeze-$n.png  <- $(source_for "$n")"
done
# 1024 px only goes into the .icns (512@2x); it is not kept as a PNG.
render 1024 "$tmp/zeofreeze-1024.png"

# --- containers ---------------------------------------------------------------
"$venv/bin/python" - "$tmp" <<'PY'
import os
import sys

from PIL import IcnsImagePlugin, IcoImagePlugin, Image

tmp = sys.argv[1]


def load(n):
    path = f"png/zeofreeze-{n}.png"
    if not os.path.exists(path):
        path = os.path.join(tmp, f"zeofreeze-{n}.png")
    with Image.open(path) as im:
        return im.convert("RGBA")


def write(target, px, **extra):
    # Every size is handed over explicitly, so Pillow stores our own rendering
    # of it instead of scaling the largest image down.
    images = [load(n) for n in sorted(px, reverse=True)]
    images[0].save(target, append_images=images, **extra)


def check(target, slots):
    # Read the container back: each slot must hold exactly the source PNG.
    with open(target, "rb") as fp:
        if target.endswith(".ico"):
            container = IcoImagePlugin.IcoFile(fp)
        else:
            container = IcnsImagePlugin.IcnsFile(fp)
        for slot, n in slots.items():
            im = container.getimage(slot)
            if im.convert("RGBA").tobytes() != load(n).tobytes():
                sys.exit(f"{target}: slot {slot} differs from the {n} px PNG")
    sizes = ", ".join(str(n) for n in sorted(set(slots.values())))
    print(f"{target}  ({sizes} px, {os.path.getsize(target)} bytes)")


# Windows: PNG-compressed entries (Vista and later).
ico = [16, 24, 32, 48, 64, 128, 256]
write("zeofreeze.ico", ico, sizes=[(n, n) for n in ico])
check("zeofreeze.ico", {(n, n): n for n in ico})

# macOS: Pillow writes the PNG types ic07-ic14, i.e. 16/32/128/256/512 pt at
# 1x (128 and up) and 2x. macOS scales for the 1x 16/32 pt cases itself.
icns = [32, 64, 128, 256, 512, 1024]
write("zeofreeze.icns", icns)
check("zeofreeze.icns", {
    (16, 16, 2): 32, (32, 32, 2): 64,
    (128, 128, 1): 128, (128, 128, 2): 256,
    (256, 256, 1): 256, (256, 256, 2): 512,
    (512, 512, 1): 512, (512, 512, 2): 1024,
})
PY

echo "Done."
