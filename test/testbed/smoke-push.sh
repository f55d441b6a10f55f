#!/usr/bin/env bash
# Usage: test/testbed/smoke-push.sh [PORT]
#
# Round trip of the image tool chain on this machine, all on 127.0.0.1: ensures buildah and the
# registry (ensure-buildah.sh, ensure-registry.sh), starts a registry on PORT (default: a free port)
# with start-registry.sh in a temporary directory, builds a tiny image FROM scratch holding one
# static file with `buildah --storage-driver vfs bud` (its own --root/--runroot in the temporary
# directory, so /var/lib/containers is untouched), pushes it with --tls-verify=false, and checks that
# GET /v2/_catalog and /v2/<name>/tags/list list it. Stops the registry and removes everything after.
# Prints the pushed image reference last on stdout; progress to stderr. Exit 0 means it all worked.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tb_need_cmd curl
BUILDAH="$("$HERE/ensure-buildah.sh")"
"$HERE/ensure-registry.sh" >/dev/null

port_free() {
	! curl --noproxy '*' -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null &&
		! { command -v ss >/dev/null 2>&1 && ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
}
PORT="${1:-}"
if [[ -z "$PORT" ]]; then
	for _ in $(seq 1 50); do
		PORT=$((20000 + RANDOM % 20000))
		port_free "$PORT" && break
		PORT=""
	done
	[[ -n "$PORT" ]] || tb_die "found no free port on 127.0.0.1"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/apiboot-smoke-push.XXXXXX")"
REG_PID=""
STORE=(--storage-driver vfs --root "$WORK/storage" --runroot "$WORK/run")
cleanup() {
	if [[ -n "$REG_PID" ]]; then kill "$REG_PID" 2>/dev/null || true; fi
	"$BUILDAH" "${STORE[@]}" rmi --all >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

REG_PID="$("$HERE/start-registry.sh" "$PORT" "$WORK/registry" | tail -n1)"
[[ "$REG_PID" =~ ^[0-9]+$ ]] || tb_die "start-registry.sh printed no PID"

mkdir -p "$WORK/ctx"
printf 'apiboot testbed %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$WORK/ctx/hello.txt"
printf 'FROM scratch\nCOPY hello.txt /hello.txt\n' >"$WORK/ctx/Containerfile"
IMG="127.0.0.1:$PORT/apiboot-testbed/probe:v1"
tb_log "buildah: building $IMG FROM scratch"
"$BUILDAH" "${STORE[@]}" bud --isolation chroot -t "$IMG" -f "$WORK/ctx/Containerfile" "$WORK/ctx" >&2 ||
	tb_die "buildah bud failed"
tb_log "buildah: pushing $IMG"
"$BUILDAH" "${STORE[@]}" push --tls-verify=false "$IMG" "docker://$IMG" >&2 || tb_die "buildah push to 127.0.0.1:$PORT failed"

catalog="$(curl --noproxy '*' -sf "http://127.0.0.1:$PORT/v2/_catalog")" || tb_die "GET /v2/_catalog failed"
tb_log "catalog: $catalog"
[[ "$catalog" == *'"apiboot-testbed/probe"'* ]] || tb_die "the pushed repository is not in the catalog"
tags="$(curl --noproxy '*' -sf "http://127.0.0.1:$PORT/v2/apiboot-testbed/probe/tags/list")" || tb_die "GET tags/list failed"
tb_log "tags: $tags"
[[ "$tags" == *'"v1"'* ]] || tb_die "tag v1 is not listed"
printf '%s\n' "$IMG"
