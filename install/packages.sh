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
# prometheus for its promtool (checks /metrics and the README's alert rules; its server is kept off),
# the browser the page's test drives (puppeteer-core downloads none), and for the off-site tests
# rclone (its `rclone serve webdav` too) and openssh-server, whose sshd the tests run on a port of
# their own (the machine's sshd stays off). Users install rclone themselves when they set
# `offsite:` (`check` names the package), so it is not a runtime package. tini: the container
# recipe's init (install/Dockerfile), whose entrypoint a test runs as the image would.
TEST_PACKAGES=(systemd util-linux faketime prometheus chromium rclone openssh-server tini)
# package:service for packages installed for a tool whose postinst would start a daemon:
# prometheus enables and starts prometheus.service (under systemd) or its init script (without),
# listening on :9090; openssh-server does the same with ssh.service (sshd on :22).
TOOL_ONLY_SERVICES=(prometheus:prometheus openssh-server:ssh)

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
  local policy; policy=$(keep_services_off "$sudo" "${missing[@]}")
  local rc=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  [[ -z $policy ]] || $sudo rm -f "$policy"
  keep_init_scripts_off "$sudo" "${missing[@]}"
  return "$rc"
}

# tool_only_service PKG: the service of PKG when it is in TOOL_ONLY_SERVICES, else nothing.
tool_only_service() {
  local pair
  for pair in "${TOOL_ONLY_SERVICES[@]}"; do [[ ${pair%%:*} != "$1" ]] || echo "${pair#*:}"; done
}

# keep_services_off SUDO PKG…: for each package of TOOL_ONLY_SERVICES about to be installed, masks
# its systemd unit (enabled by the postinst, it then never starts, not at boot either) and, when
# there is no /usr/sbin/policy-rc.d, writes one that refuses every start for the install
# (invoke-rc.d and deb-systemd-invoke obey it) and prints its path for apt_install to remove.
keep_services_off() {
  local sudo=$1; shift
  local pkg service wanted=0
  for pkg in "$@"; do
    service=$(tool_only_service "$pkg")
    [[ -n $service ]] || continue
    wanted=1
    [[ -e /etc/systemd/system/$service.service ]] || { $sudo mkdir -p /etc/systemd/system && $sudo ln -s /dev/null "/etc/systemd/system/$service.service"; }
  done
  ((wanted)) && [[ ! -e /usr/sbin/policy-rc.d ]] || return 0
  printf '#!/bin/sh\n# written by cams-manager install/packages.sh for one apt-get install\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod 755 /usr/sbin/policy-rc.d
  echo /usr/sbin/policy-rc.d
}

# keep_init_scripts_off SUDO PKG…: without systemd, the postinst enabled the init script for the
# next boot (update-rc.d defaults): disabled again.
keep_init_scripts_off() {
  local sudo=$1; shift
  [[ ! -d /run/systemd/system ]] || return 0
  local pkg service
  for pkg in "$@"; do
    service=$(tool_only_service "$pkg")
    if [[ -n $service && -x /etc/init.d/$service ]]; then $sudo update-rc.d "$service" disable >/dev/null 2>&1 || true; fi
  done
}

# check_node WHO: Node.js 20 or newer, or a message saying how to get it.
check_node() {
  local major; major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major < 20)); then
    echo "$1: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "  Debian 12 / Raspberry Pi OS: install it from NodeSource (https://github.com/nodesource/distributions) or with nvm." >&2
    return 1
  fi
  if ((major == 20)); then
    echo "$1: Node.js 20 works, but it reached its end of life in April 2026 (no security fixes): the current LTS is recommended (nvm install --lts, or NodeSource)." >&2
  fi
}
