#!/usr/bin/env bash
# dev-setup.sh: everything a developer (or CI) needs on Debian 12 to build, test and run the demo:
# FFmpeg, the sd-notify build pieces, the GStreamer RTSP server of the camera simulator, npm deps.
set -euo pipefail
cd "$(dirname "$0")/.."
source install/packages.sh

apt_install dev-setup "${RUNTIME_PACKAGES[@]}" "${DEMO_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
check_node dev-setup

npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
echo "dev-setup: ready (node $(node --version), $(ffmpeg -version | head -n1 | cut -d' ' -f1-3))"
