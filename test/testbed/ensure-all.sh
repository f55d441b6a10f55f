#!/usr/bin/env bash
# Usage: test/testbed/ensure-all.sh [K8S_VERSION]
#
# Ensures kubectl and etcd for K8S_VERSION (default $APIBOOT_K8S_VERSION or 1.37.2) in the cache, one
# after the other (two cores: parallel Go builds only compete). Prints their absolute paths on the
# last two lines of stdout: kubectl first, then etcd. Progress to stderr.
# kube-apiserver is not included: it is much slower to build; run ensure-kube-apiserver.sh for it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KUBECTL="$("$HERE/ensure-kubectl.sh" "$@" | tail -n1)" || {
	printf '[testbed] ERROR: ensure-kubectl.sh failed\n' >&2
	exit 1
}
ETCD="$("$HERE/ensure-etcd.sh" "$@" | tail -n1)" || {
	printf '[testbed] ERROR: ensure-etcd.sh failed\n' >&2
	exit 1
}
printf '%s\n%s\n' "$KUBECTL" "$ETCD"
