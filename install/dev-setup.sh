#!/usr/bin/env bash
# dev-setup.sh: everything a developer (or CI) needs on Debian 12 to build, test and run the demo:
# FFmpeg, the sd-notify build pieces, the GStreamer RTSP server of the camera simulator, npm deps;
# then cams-manager, cams-merge and cams-clean linked onto PATH (/usr/local/bin as root, else
# ~/.local/bin), so README's commands run as written.
set -euo pipefail
cd "$(dirname "$0")/.."
source install/packages.sh
source install/link-commands.sh

apt_install dev-setup "${RUNTIME_PACKAGES[@]}" "${DEMO_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
check_node dev-setup

npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
link_commands dev-setup "$PWD" "$(dev_bin_dir)"
echo "dev-setup: ready (node $(node --version), $(ffmpeg -version | head -n1 | cut -d' ' -f1-3))"
