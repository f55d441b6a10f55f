#!/usr/bin/env bash
# Usage: test/testbed/ensure-registry.sh
#
# Makes sure a real OCI/Docker registry binary is installed and prints its absolute path last on
# stdout (progress to stderr). It is Debian's `docker-registry` (distribution 2.8.2 on bookworm),
# installed with apt-get when missing (needs root; `apt-get update` only when apt knows no
# candidate). Returns at once when it is already installed and runs.
#
# The package's own config (/etc/docker/registry/config.yml) turns on htpasswd auth and listens on
# :5000 on all addresses, and it ships an init script: never use that. Start test instances with
# test/testbed/start-registry.sh PORT DIR, which writes its own config (no auth, 127.0.0.1 only).
# The install keeps the packaged service from starting (see tb_apt_install in lib.sh).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

tb_init ""

# find_registry : print the path of a working registry binary (Debian names it docker-registry;
# upstream distribution builds call it registry), or fail.
find_registry() {
	local c p out
	for c in docker-registry registry; do
		p="$(command -v "$c" 2>/dev/null)" || continue
		out="$("$p" --version 2>/dev/null)" || continue
		if [[ "$out" == *distribution* ]]; then
			printf '%s\n' "$p"
			return 0
		fi
	done
	return 1
}

if BIN="$(find_registry)"; then
	printf '%s\n' "$BIN"
	exit 0
fi

tb_apt_install docker-registry
BIN="$(find_registry)" || tb_die "docker-registry was installed but 'docker-registry --version' does not run"
tb_log "registry: $("$BIN" --version)"
printf '%s\n' "$BIN"
