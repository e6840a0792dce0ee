#!/bin/sh
# Add Wortlaut to the desktop's application menu for this user (no root needed):
#   ./install-desktop-entry.sh            # from the unpacked Wortlaut folder
#   ./install-desktop-entry.sh --remove   # take it out again
# Writes ~/.local/share/applications/wortlaut.desktop pointing at this folder, and the icon into
# ~/.local/share/icons/hicolor/256x256/apps/. Run it again after moving the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/wortlaut.desktop"
icon="$data/icons/hicolor/256x256/apps/wortlaut.png"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry" "$icon"
  echo "removed $entry"
  exit 0
fi

mkdir -p "$data/applications" "$(dirname "$icon")"
cp "$here/wortlaut.png" "$icon"
tmp="$entry.tmp.$$"
sed -e "s|^Exec=wortlaut |Exec=\"$here/wortlaut\" |" "$here/wortlaut.desktop" > "$tmp"
mv "$tmp" "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "installed $entry"
