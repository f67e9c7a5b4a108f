#!/bin/bash
# sandbox.sh: a real systemd user manager, contained in its own pid, mount and cgroup
# namespaces, for tests that must start units, timers and watchdogs for real.
#
#   sandbox.sh start DIR      start a manager; DIR keeps its state (runtime dir, pids, logs)
#   sandbox.sh exec DIR CMD…  run CMD inside it (systemctl --user …)
#   sandbox.sh stop DIR       kill everything inside and remove its cgroups, children first;
#                             exits 1 naming on stderr each cgroup left (DIR/cgroups keeps them)
#
# Put units in DIR/config/systemd/user/ (its XDG_CONFIG_HOME), then
# `sandbox.sh exec DIR systemctl --user daemon-reload`.
# Needs root with CAP_SYS_ADMIN, util-linux and systemd; exits 77 (skip) without them.
#
# Safety: a systemd manager that sees the host's cgroup tree moves the host's processes
# into its own scopes. So it starts in a fresh child cgroup of the caller's own cgroups,
# in a new cgroup namespace, with every cgroupfs mounted afresh inside. Keep it so.
set -euo pipefail

usage() { echo "usage: $0 start|exec|stop DIR [CMD…]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
verb=$1 dir=$(realpath -m "$2"); shift 2

can_run() {
  [[ $(id -u) == 0 ]] && command -v unshare >/dev/null && command -v nsenter >/dev/null &&
    command -v findmnt >/dev/null && [[ -x /lib/systemd/systemd ]]
}

# One line per cgroup hierarchy: "MOUNTPOINT FSTYPE OPTIONS PATH-OF-THIS-PROCESS".
hierarchies() {
  findmnt -rn -t cgroup,cgroup2 -o TARGET,FSTYPE,OPTIONS | while read -r mp fs opts; do
    local key
    if [[ $fs == cgroup2 ]]; then key=''; else
      key=$(tr ',' '\n' <<<"$opts" | { grep -vE '^(rw|ro|relatime|nosuid|nodev|noexec|xattr|clone_children)$' || true; } | paste -sd, -)
    fi
    local path
    path=$(awk -F: -v k="$key" '$2 == k { print $3 }' /proc/self/cgroup)
    opts=$(tr ',' '\n' <<<"$opts" | { grep -vE '^(rw|ro|relatime|nosuid|nodev|noexec)$' || true; } | paste -sd, -)
    [[ -n $path ]] && echo "$mp $fs ${opts:-none} $path"
  done
}

start() {
  can_run || { echo "systemd sandbox: needs root, util-linux and systemd; skipping" >&2; exit 77; }
  mkdir -p "$dir/run" "$dir/config/systemd/user" "$dir/state"
  local name="sandbox-$$" mounts=""
  : > "$dir/cgroups"
  while read -r mp fs opts path; do
    local d="$mp${path%/}/$name"
    mkdir -p "$d" && echo "$d" >> "$dir/cgroups"
    # cpuset (v1) starts empty; a process can only join once it has cpus and mems.
    for f in cpuset.cpus cpuset.mems; do
      if [[ -f $d/$f && -z $(cat "$d/$f") ]]; then cat "$(dirname "$d")/$f" > "$d/$f"; fi
    done
    if [[ $fs == cgroup2 ]]; then mounts+="mkdir -p $mp; mount -t cgroup2 none $mp"$'\n'
    else mounts+="mkdir -p $mp; mount -t cgroup -o $opts cgroup $mp"$'\n'; fi
  done < <(hierarchies)
  # init.sh runs as pid 1 of the new namespaces and stays there as the manager's parent.
  cat > "$dir/init.sh" <<INNER
#!/bin/bash
set -e
mount --make-rprivate /
mount -t proc proc /proc
mount -t tmpfs tmpfs /sys/fs/cgroup
$mounts
mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/system
# A journal of its own, so that journalctl inside sees what the units print.
mkdir -p /run/log && mount -t tmpfs tmpfs /run/log
if [[ -x /lib/systemd/systemd-journald ]]; then
  /lib/systemd/systemd-journald > '$dir/journald.log' 2>&1 &
  for _ in \$(seq 50); do [[ -S /run/systemd/journal/stdout ]] && break; sleep 0.1; done
fi
export XDG_RUNTIME_DIR='$dir/run' XDG_CONFIG_HOME='$dir/config' XDG_STATE_HOME='$dir/state'
/lib/systemd/systemd --user > '$dir/manager.log' 2>&1 &
wait
INNER
  chmod +x "$dir/init.sh"
  # Enter the new cgroups first: everything unshare starts inherits them.
  ( while read -r d; do echo "$BASHPID" > "$d/cgroup.procs"; done < "$dir/cgroups"
    exec unshare --cgroup --mount --pid --fork --kill-child "$dir/init.sh" ) > "$dir/init.log" 2>&1 < /dev/null &
  echo $! > "$dir/unshare.pid"
  for _ in $(seq 100); do
    if [[ -S $dir/run/systemd/private ]] && [[ -n $(manager_pid) ]]; then
      echo "systemd sandbox up: $dir"; return 0
    fi
    sleep 0.1
  done
  echo "systemd sandbox: no manager came up; see $dir/init.log and $dir/manager.log" >&2
  stop; exit 1
}

# The manager's pid as the host sees it: unshare -> init.sh (pid 1 inside) -> systemd.
manager_pid() {
  local u init
  u=$(cat "$dir/unshare.pid" 2>/dev/null) || return 0
  init=$(pgrep -P "$u" | head -n1) || return 0
  pgrep -P "$init" -x systemd | head -n1 || true
}

sandbox_exec() {
  local pid; pid=$(manager_pid)
  [[ -n $pid ]] || { echo "systemd sandbox: none running in $dir" >&2; return 1; }
  XDG_RUNTIME_DIR="$dir/run" XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state" \
    nsenter -t "$pid" -m -p -C --wd="$PWD" "$@"
}

# Kills everything inside, then removes the cgroups depth-first; exits 1 if any is left.
stop() {
  if [[ -f $dir/unshare.pid ]]; then
    local u init; u=$(cat "$dir/unshare.pid")
    init=$(pgrep -P "$u" | head -n1 || true)
    # pid 1 of a namespace ignores SIGTERM; SIGKILL ends it and everything inside.
    if [[ -n $init ]]; then kill -KILL "$init" 2>/dev/null || true; fi
    kill -KILL "$u" 2>/dev/null || true
    rm -f "$dir/unshare.pid"
  fi
  [[ -f $dir/cgroups ]] || return 0
  if remove_cgroups; then rm -f "$dir/cgroups"; return 0; fi
  # Keep the list of what is left, so that a later stop tries again.
  local d kept=""
  while read -r d; do if [[ -d $d ]]; then kept+="$d"$'\n'; fi; done < "$dir/cgroups"
  printf '%s' "$kept" > "$dir/cgroups"
  return 1
}

# Children before parents: rmdir each, kill what is still inside, wait, try again (5 s at most).
remove_cgroups() {
  local left d
  for _ in $(seq 50); do
    left=$(sandbox_cgroups)
    [[ -n $left ]] || return 0
    kill_inside <<<"$left"
    while read -r d; do rmdir "$d" 2>/dev/null || true; done <<<"$left"
    [[ -n $(sandbox_cgroups) ]] || return 0
    sleep 0.1
  done
  report_left
  return 1
}

# Every cgroup of the sandbox that still exists, deepest first. Only folders named as start
# names them: the next steps kill every process inside.
sandbox_cgroups() {
  local d
  while read -r d; do
    if [[ ${d##*/} =~ ^sandbox-[0-9]+$ && -d $d ]]; then find "$d" -depth -type d 2>/dev/null || true; fi
  done < "$dir/cgroups"
}

# Thaws and kills whatever is in the cgroups on stdin: a frozen process cannot die, and
# cgroup.kill (cgroup v2) reaches processes this pid namespace cannot see.
kill_inside() {
  local d pid
  while read -r d; do
    if [[ -f $d/freezer.state ]]; then { echo THAWED > "$d/freezer.state"; } 2>/dev/null || true; fi
    if [[ -f $d/cgroup.freeze ]]; then { echo 0 > "$d/cgroup.freeze"; } 2>/dev/null || true; fi
    if [[ -f $d/cgroup.kill ]]; then { echo 1 > "$d/cgroup.kill"; } 2>/dev/null || true; fi
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < <(cat "$d/cgroup.procs" 2>/dev/null || true)
  done
}

# One line on stderr per cgroup left: rmdir's reason and the processes still inside.
report_left() {
  local d why pid pids
  while read -r d; do
    why=$(rmdir "$d" 2>&1) && continue
    why=${why##*: }
    if [[ -n $(find "$d" -mindepth 1 -maxdepth 1 -type d 2>/dev/null) ]]; then why="a child cgroup is left"; fi
    pids=$(while read -r pid; do echo -n " $pid ($(cat "/proc/$pid/comm" 2>/dev/null || echo '?'))"; done \
      < <(cat "$d/cgroup.procs" 2>/dev/null || true))
    echo "systemd sandbox: could not remove cgroup $d: $why; processes inside:${pids:- none visible from here}" >&2
  done < <(sandbox_cgroups)
}

case $verb in
  start) start ;;
  exec) sandbox_exec "$@" ;;
  stop) stop ;;
  *) usage ;;
esac
