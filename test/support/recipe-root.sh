#!/bin/bash
# recipe-root.sh ROOT APP CONFIG RECORDINGS UID:GID WORKDIR CMD…: runs CMD as the container recipe would
# (install/Dockerfile), without Docker: in a mount namespace of its own, chrooted into ROOT, where
# the host's /usr and /etc are read-only, APP (the repository, built) is /opt/cams-manager,
# CONFIG is /config (read-only), RECORDINGS is /recordings, /tmp is a tmpfs, and CMD runs as
# UID:GID with only the recipe's environment (given as NAME=VALUE words before the command).
# Everything it mounts goes with its namespace; ROOT is left with empty mount points.
set -euo pipefail
root=$1 app=$2 config=$3 recordings=$4 ids=$5 workdir=$6; shift 6
mkdir -p "$root"/{usr,etc,dev,proc,tmp,opt/cams-manager,config,recordings}
chmod 755 "$root" "$root/opt"
for d in bin sbin lib lib64; do
  if [[ -L /$d ]]; then ln -sfn "$(readlink "/$d")" "$root/$d"; fi
done
mount --make-rprivate /
ro_bind() { mount --bind "$1" "$2"; mount -o remount,bind,ro "$2"; }
ro_bind /usr "$root/usr"
ro_bind /etc "$root/etc"
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
ro_bind "$app" "$root/opt/cams-manager"
ro_bind "$config" "$root/config"
mount --bind "$recordings" "$root/recordings"
exec chroot "$root" setpriv --reuid="${ids%:*}" --regid="${ids#*:}" --clear-groups -- env -i -C "$workdir" HOME=/nonexistent PATH=/usr/local/bin:/usr/bin:/bin "$@"
