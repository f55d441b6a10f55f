#!/usr/bin/env bash
# Usage: test/testbed/ensure-podman.sh
#
# Makes sure podman and runc are installed and prints podman's absolute path last on stdout (progress
# to stderr). They are Debian's `podman` (4.3 on bookworm) and `runc` (1.1), installed with apt-get
# --no-install-recommends when missing (needs root; `apt-get update` only when apt knows no
# candidate). Returns at once when both are installed and run.
#
# What runs here (root, no systemd, a "hybrid" cgroup layout, no Docker engine), found by trying:
#   - podman with runc as the OCI runtime, cgroupfs as the cgroup manager, vfs storage in folders of
#     the caller's (--root/--runroot, never /var/lib/containers) and the host network:
#       podman --storage-driver vfs --root R --runroot RR --runtime /usr/sbin/runc \
#         --cgroup-manager cgroupfs --events-backend file run --rm -d --network host \
#         --ulimit nofile=N:N --ulimit nproc=N:N --read-only --user 65532:65532 --cap-drop ALL \
#         --security-opt no-new-privileges IMAGE
#     runs a static binary FROM scratch as a non-root user with a read-only root filesystem.
#   - Debian's crun refuses the hybrid cgroup layout ("cgroups in hybrid mode not supported"): podman
#     must be told --runtime /usr/sbin/runc. runc is installed by name so apt picks it for podman's
#     "crun | runc" dependency.
#   - The ulimits must stay within the calling process's hard limits: the VM lets no container raise
#     them, and podman's default (1048576 open files) is above them.
#   - No network backend (netavark, CNI) is needed with --network host, and none is installed.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

tb_init ""
RUNC=/usr/sbin/runc

works() {
	local p out
	p="$(command -v podman 2>/dev/null)" || return 1
	out="$("$p" --version 2>/dev/null)" || return 1
	[[ "$out" == "podman version "* ]] || return 1
	"$RUNC" --version >/dev/null 2>&1 || return 1
	printf '%s\n' "$p"
}

if BIN="$(works)"; then
	printf '%s\n' "$BIN"
	exit 0
fi

tb_apt_install podman runc
BIN="$(works)" || tb_die "podman and runc were installed but 'podman --version' or '$RUNC --version' does not run"
tb_log "podman: $("$BIN" --version); runc: $("$RUNC" --version | head -n1)"
printf '%s\n' "$BIN"
