#!/usr/bin/env bash
# Usage: test/testbed/start-registry.sh PORT DIR
#
# Starts a throw-away registry (Debian's docker-registry, see ensure-registry.sh) in the background on
# 127.0.0.1:PORT only, with no authentication, storing its data under DIR. Waits until GET /v2/
# answers 200, then prints the registry's PID last on stdout (progress to stderr). Stop it with
# `kill PID`. Push to it with `--tls-verify=false` (plain HTTP).
#
# Files under DIR: config.yml (written here, never the packaged /etc/docker/registry/config.yml,
# which turns on htpasswd auth), data/ (blobs and manifests), registry.log, registry.pid.
# If DIR already has a live registry answering on PORT, its PID is printed and nothing is started.
#
# Environment: APIBOOT_REGISTRY_WAIT seconds to wait for /v2/ (default 30).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

(($# == 2)) || tb_die "usage: $0 PORT DIR"
PORT="$1"
if [[ ! "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
	tb_die "PORT must be a TCP port number (got '$PORT')"
fi
mkdir -p "$2" || tb_die "cannot create $2"
DIR="$(cd "$2" && pwd -P)"
tb_need_cmd curl setsid
URL="http://127.0.0.1:$PORT/v2/"

# answers : GET /v2/ returns 200 (never through a proxy: loopback only).
answers() {
	[[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL" 2>/dev/null)" == 200 ]]
}

if [[ -f "$DIR/registry.pid" ]]; then
	old="$(<"$DIR/registry.pid")"
	if [[ "$old" =~ ^[0-9]+$ ]] && kill -0 "$old" 2>/dev/null && answers; then
		tb_log "registry already running from $DIR on 127.0.0.1:$PORT (pid $old)"
		printf '%s\n' "$old"
		exit 0
	fi
fi
if answers; then
	tb_die "something else already answers on $URL; pick another PORT"
fi

REG="$("$(dirname "${BASH_SOURCE[0]}")/ensure-registry.sh")" || tb_die "no registry binary (ensure-registry.sh failed)"
mkdir -p "$DIR/data"
cat >"$DIR/config.yml" <<YAML
# Written by apiboot test/testbed/start-registry.sh: loopback only, no auth, storage under $DIR/data.
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
  fields:
    service: apiboot-testbed-registry
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$PORT
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: false
YAML

# setsid + nohup: the registry outlives this script and its terminal; stdin from /dev/null.
setsid nohup "$REG" serve "$DIR/config.yml" </dev/null >"$DIR/registry.log" 2>&1 &
PID=$!
printf '%s\n' "$PID" >"$DIR/registry.pid"

wait_s="${APIBOOT_REGISTRY_WAIT:-30}"
deadline=$((SECONDS + wait_s))
until answers; do
	if ! kill -0 "$PID" 2>/dev/null; then
		tb_log "registry log ($DIR/registry.log):"
		tail -n 20 "$DIR/registry.log" >&2 || true
		tb_die "registry exited before answering on $URL"
	fi
	if ((SECONDS >= deadline)); then
		kill "$PID" 2>/dev/null || true
		tail -n 20 "$DIR/registry.log" >&2 || true
		tb_die "registry did not answer on $URL within ${wait_s}s (killed pid $PID)"
	fi
	sleep 0.2
done
tb_log "registry listening on 127.0.0.1:$PORT (pid $PID, data in $DIR/data, log in $DIR/registry.log)"
printf '%s\n' "$PID"
