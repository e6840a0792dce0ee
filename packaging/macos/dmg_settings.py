# dmgbuild settings for the macOS disk image (read by the release workflow):
#   dmgbuild -s packaging/macos/dmg_settings.py -D app=dist/Wortlaut.app "Wortlaut" OUT.dmg
# ruff: noqa: F821  (dmgbuild runs this file with `defines` in scope)
import os.path

application = defines.get("app", "dist/Wortlaut.app")
appname = os.path.basename(application)

format = "UDZO"  # compressed, read-only
filesystem = "HFS+"
files = [application]
symlinks = {"Applications": "/Applications"}
badge_icon = defines.get("icon")  # the app's .icns, made by iconutil in the workflow
icon_locations = {appname: (140, 160), "Applications": (500, 160)}
window_rect = ((200, 120), (640, 380))
default_view = "icon-view"
show_status_bar = False
show_toolbar = False
show_sidebar = False
icon_size = 128
text_size = 13
