#!/usr/bin/env bash
# Usage: test/testbed/ensure-buildah.sh
#
# Makes sure buildah is installed and prints its absolute path last on stdout (progress to stderr).
# It is Debian's `buildah` (1.28.2 on bookworm), installed with apt-get --no-install-recommends when
# missing (needs root; `apt-get update` only when apt knows no candidate). Returns at once when it is
# already installed and runs.
#
# What works in this sandbox (root, no systemd, no Docker engine, cgroup v2 "hybrid" to crun), found
# by trying:
#   - `buildah --storage-driver vfs bud -t IMG -f Containerfile DIR` with `FROM scratch` plus COPY:
#     works as root with the default isolation, no OCI runtime needed (nothing is run). overlay is
#     not used: vfs needs no kernel support and no fuse-overlayfs.
#   - A RUN step fails with the default isolation ("oci"): with no runtime installed, "exec: no
#     command"; with Debian's crun (a Recommends of buildah), "cgroups in hybrid mode not supported".
#     `--isolation chroot` (or BUILDAH_ISOLATION=chroot) runs RUN steps fine, without any runtime,
#     e.g. `RUN ["/kubectl","version","--client"]` on a static binary COPYed into scratch.
#   - `buildah push --tls-verify=false IMG docker://127.0.0.1:PORT/NAME:TAG` to the registry from
#     start-registry.sh works (plain HTTP on loopback). test/testbed/smoke-push.sh does the round trip.
#   - Base images cannot be pulled here (no registry but the Go proxy, npm and Debian), so test
#     images are FROM scratch with a CGO_ENABLED=0 binary.
#   - Keep test storage out of /var/lib/containers: `--root DIR/storage --runroot DIR/run`.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

tb_init ""

find_buildah() {
	local p out
	p="$(command -v buildah 2>/dev/null)" || return 1
	out="$("$p" --version 2>/dev/null)" || return 1
	[[ "$out" == "buildah version "* ]] || return 1
	printf '%s\n' "$p"
}

if BIN="$(find_buildah)"; then
	printf '%s\n' "$BIN"
	exit 0
fi

tb_apt_install buildah
BIN="$(find_buildah)" || tb_die "buildah was installed but 'buildah --version' does not run"
tb_log "buildah: $("$BIN" --version)"
printf '%s\n' "$BIN"
