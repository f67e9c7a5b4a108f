# packages.sh: the Debian packages cams-manager needs, sourced by install.sh and dev-setup.sh
# (one list, two users), and a helper that installs the missing ones.

# To run: FFmpeg, and what `npm ci` needs to build the sd-notify addon.
RUNTIME_PACKAGES=(ffmpeg libsystemd-dev build-essential python3 pkg-config)
# The camera simulator (test/fixtures/camera-sim.py): GStreamer's RTSP server.
DEMO_PACKAGES=(
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-x
)
# The tests' systemd sandbox, libfaketime for the time tests (a faked clock for the recorder), and
# the browser the page's test drives (puppeteer-core downloads none).
TEST_PACKAGES=(systemd util-linux faketime chromium)

# missing_packages PKG…: prints those not installed, one a line.
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

# apt_install WHO PKG…: installs the missing ones (with sudo when not root).
apt_install() {
  local who=$1; shift
  local missing; mapfile -t missing < <(missing_packages "$@")
  ((${#missing[@]})) || return 0
  echo "$who: installing ${missing[*]}"
  local sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# check_node WHO: Node.js 20 or newer, or a message saying how to get it.
check_node() {
  local major; major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major < 20)); then
    echo "$1: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "  Debian 12 / Raspberry Pi OS: install it from NodeSource (https://github.com/nodesource/distributions) or with nvm." >&2
    return 1
  fi
}
