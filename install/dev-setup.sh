#!/usr/bin/env bash
# dev-setup.sh: everything a developer (or CI) needs on Debian 12 to build, test and run the demo:
# FFmpeg, the sd-notify build pieces, the GStreamer RTSP server of the camera simulator, npm deps.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  ffmpeg libsystemd-dev systemd util-linux
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "dev-setup: installing ${missing[*]}"
  sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < 20)); then
  echo "dev-setup: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "  Debian 12: install it from NodeSource or use nvm; Raspberry Pi OS: the same." >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
echo "dev-setup: ready (node $(node --version), $(ffmpeg -version | head -n1 | cut -d' ' -f1-3))"
