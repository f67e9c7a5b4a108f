#!/usr/bin/env bash
# install.sh: installs cams-manager on Debian 12 / Raspberry Pi OS, from this checkout, in place.
#   sudo install/install.sh          system-wide: service user, /etc/cams-manager, /etc/systemd/system
#   install/install.sh --user        for you alone, without root: ~/.config, ~/.local, your user manager
#   … --demo                         also the camera simulator's packages (for `cams-manager demo`)
# Idempotent: a second run changes nothing that is already right, and never overwrites a config.
set -euo pipefail
APP=$(cd "$(dirname "$0")/.." && pwd)
source "$APP/install/packages.sh"
source "$APP/install/link-commands.sh"

user_mode=0 demo=0
for arg in "$@"; do
  case $arg in
    --user) user_mode=1 ;;
    --demo) demo=1 ;;
    *) echo "usage: $0 [--user] [--demo]" >&2; exit 64 ;;
  esac
done
say() { echo "install: $*"; }

if ((user_mode)); then
  CONFIG_DIR=${XDG_CONFIG_HOME:-$HOME/.config}/cams-manager
  DATA_DIR=${XDG_DATA_HOME:-$HOME/.local/share}/cams-manager
  BIN_DIR=$HOME/.local/bin
else
  [[ $(id -u) == 0 ]] || { echo "install: run it as root (sudo $0), or use --user" >&2; exit 77; }
  CONFIG_DIR=/etc/cams-manager DATA_DIR=/var/lib/cams-manager BIN_DIR=/usr/local/bin SERVICE_USER=cams-manager
fi
CONFIG=$CONFIG_DIR/config.yaml

# 1. Packages: installed when root, otherwise only named.
packages=("${RUNTIME_PACKAGES[@]}"); ((demo)) && packages+=("${DEMO_PACKAGES[@]}")
if ((user_mode)); then
  mapfile -t missing < <(missing_packages "${packages[@]}")
  if ((${#missing[@]})); then echo "install: missing packages; run: sudo apt-get install ${missing[*]}" >&2; exit 69; fi
else
  apt_install install "${packages[@]}"
fi
check_node install

# 2. The program, built in place: npm ci only when the installed tree does not match, build only when stale.
cd "$APP"
if ! npm ls --omit=dev --silent >/dev/null 2>&1; then say "npm ci"; npm ci --no-audit --no-fund --loglevel=error; fi
if [[ ! -f dist/bin/cams-manager.js ]] || [[ -n $(find src package.json -newer dist/bin/cams-manager.js -print -quit) ]]; then
  say "building"; npm run build --silent
fi
CLI=(node "$APP/dist/bin/cams-manager.js")
link_commands install "$APP" "$BIN_DIR"

# 3. The service user (system only).
if ((!user_mode)) && ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER"
  say "created user $SERVICE_USER"
fi

# 4. The config, from the example, only when there is none; its folders point at DATA_DIR.
if [[ ! -e $CONFIG ]]; then
  mkdir -p "$CONFIG_DIR"
  sed "s|/var/lib/cams-manager|$DATA_DIR|g" "$APP/config.yaml.example" > "$CONFIG.tmp"
  chmod 640 "$CONFIG.tmp"; ((user_mode)) || chgrp "$SERVICE_USER" "$CONFIG.tmp"
  mv "$CONFIG.tmp" "$CONFIG"
  say "wrote $CONFIG (edit it: cameras, passwords)"
fi

# 5. The cameras' output folders, owned by whoever records.
owner=$(id -un); ((user_mode)) || owner=$SERVICE_USER
while read -r folder; do
  [[ -d $folder ]] || { mkdir -p "$folder"; say "created $folder"; }
  [[ $(stat -c %U "$folder") == "$owner" ]] || chown "$owner:" "$folder"
done < <(node --input-type=module -e 'const { loadConfig } = await import(process.argv[1]);
for (const c of loadConfig(process.argv[2]).cameras) console.log(c.output_dir);' "$APP/dist/config/load.js" "$CONFIG")

# 6. The units (install-units writes only what changed).
units=("${CLI[@]}" install-units -c "$CONFIG"); ((user_mode)) && units+=(--user)
"${units[@]}"
say "done. Next: edit $CONFIG, run: cams-manager check --probe -c $CONFIG, then the systemctl command above."
