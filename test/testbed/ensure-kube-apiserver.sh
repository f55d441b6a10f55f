#!/usr/bin/env bash
# Usage: test/testbed/ensure-kube-apiserver.sh [K8S_VERSION]
#
# Builds a real kube-apiserver for K8S_VERSION (default $APIBOOT_K8S_VERSION or 1.37.2) from the Go
# module proxy only, and caches it as <cache>/<version>/bin/kube-apiserver. Prints that path last on
# stdout; progress goes to stderr. A cached binary that reports the right version is reused at once
# (no network, no go command).
#
# How: k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces ~33 staging modules with
# ./staging/src/... directories, and a dependency's replace directives are ignored). So a tiny
# module of our own requires k8s.io/kubernetes v1.MINOR.PATCH and replaces every one of those
# staging modules with its published v0.MINOR.PATCH. The list is read from that release's go.mod
# (the `=> ./staging/...` lines), never hard-coded: it changes between releases.
#
# Patch fallback: the module proxy can refuse the source zip of one k8s.io/kubernetes release while
# serving its go.mod (found for v1.37.2: "403 Forbidden ... This module version is not available",
# while v1.37.1 and v1.37.0 are served). Then, unless APIBOOT_K8S_PATCH_FALLBACK=0, the newest older
# patch release of the same minor that the proxy does serve is built instead (with the staging
# modules of that same patch, so the binary is a genuine release), installed in that version's own
# cache tree, and recorded in <cache>/<requested>/kube-apiserver.resolved so the next call returns it
# at once. A loud warning says so. With APIBOOT_K8S_PATCH_FALLBACK=0 the script fails instead.
#
# Cost: this is the slow one. Cold (empty GOCACHE) it takes many minutes on two cores; run it once,
# early, in the background. CGO is off, so the binary is static and no C compiler is needed.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

tb_init "${1:-}"
REQ_VERSION="$TB_VERSION"
REQ_ROOT="$TB_ROOT"
RESOLVED_FILE="$REQ_ROOT/kube-apiserver.resolved"

# reports_version BIN GITVERSION
reports_version() {
	[[ -x "$1" ]] || return 1
	local out
	out="$("$1" --version 2>/dev/null)" || return 1
	[[ "$out" == "Kubernetes $2" ]]
}

# cached : print the cached binary for the requested version (or its recorded fallback) and succeed.
cached() {
	local cache_root eff
	if reports_version "$REQ_ROOT/bin/kube-apiserver" "v$REQ_VERSION"; then
		printf '%s\n' "$REQ_ROOT/bin/kube-apiserver"
		return 0
	fi
	[[ -f "$RESOLVED_FILE" && "${APIBOOT_K8S_PATCH_FALLBACK:-1}" != 0 ]] || return 1
	eff="$(<"$RESOLVED_FILE")"
	cache_root="$(dirname "$REQ_ROOT")"
	if reports_version "$cache_root/$eff/bin/kube-apiserver" "v$eff"; then
		tb_log "warning: kube-apiserver v$REQ_VERSION is not available from the module proxy; using v$eff (recorded in $RESOLVED_FILE)"
		printf '%s\n' "$cache_root/$eff/bin/kube-apiserver"
		return 0
	fi
	return 1
}

cached && exit 0
tb_lock kube-apiserver
cached && exit 0 # another process built it while we waited

tb_check_go

# resolve_source : set EFF_VERSION to the newest patch <= requested whose k8s.io/kubernetes source the
# proxy serves (downloading it into the module cache on the way).
resolve_source() {
	local p cand out err first_err=""
	for ((p = TB_PATCH; p >= 0; p--)); do
		cand="$TB_MAJOR.$TB_MINOR.$p"
		tb_log "kube-apiserver: downloading k8s.io/kubernetes@v$cand source from the module proxy"
		if out="$(tb_go_query mod download -json "k8s.io/kubernetes@v$cand" 2>&1)"; then
			EFF_VERSION="$cand"
			return 0
		fi
		err="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
		err="${err:-$out}"
		[[ -n "$first_err" ]] || first_err="$err"
		tb_log "  not available: ${err//\\n/ }"
		if [[ "${APIBOOT_K8S_PATCH_FALLBACK:-1}" == 0 ]]; then
			break
		fi
	done
	tb_die "cannot download k8s.io/kubernetes@v$TB_VERSION from the module proxy (${first_err//\\n/ }); no older patch of $TB_MAJOR.$TB_MINOR was served either (or APIBOOT_K8S_PATCH_FALLBACK=0)"
}
resolve_source

if [[ "$EFF_VERSION" != "$REQ_VERSION" ]]; then
	tb_log "WARNING: k8s.io/kubernetes v$REQ_VERSION source is refused by the module proxy; building kube-apiserver v$EFF_VERSION instead (set APIBOOT_K8S_PATCH_FALLBACK=0 to fail instead)"
	tb_init "$EFF_VERSION"
	tb_lock kube-apiserver
	if reports_version "$TB_BIN/kube-apiserver" "$TB_GIT_VERSION"; then
		printf '%s\n' "$EFF_VERSION" >"$RESOLVED_FILE"
		printf '%s\n' "$TB_BIN/kube-apiserver"
		exit 0
	fi
fi

BIN="$TB_BIN/kube-apiserver"
WANT="Kubernetes $TB_GIT_VERSION"
KUBE_MOD="k8s.io/kubernetes@$TB_GIT_VERSION"
KUBE_GOMOD="$(tb_go_query list -m -f '{{.GoMod}}' "$KUBE_MOD")" || tb_die "cannot resolve $KUBE_MOD"
[[ -f "$KUBE_GOMOD" ]] || tb_die "go list gave no go.mod file for $KUBE_MOD (got '$KUBE_GOMOD')"
KUBE_GO="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$KUBE_GOMOD" | head -n1)"
tb_check_go "$KUBE_GO"
BUILD_DATE="$(tb_module_time "$KUBE_MOD")"

# Staging modules: lines like `	k8s.io/api => ./staging/src/k8s.io/api` (inside a replace block, or
# single-line `replace k8s.io/api => ./staging/...`).
mapfile -t STAGING < <(sed -n -E 's#^[[:space:]]*(replace[[:space:]]+)?([^[:space:]]+)([[:space:]]+v[^[:space:]]+)?[[:space:]]+=>[[:space:]]+\./staging/.*$#\2#p' "$KUBE_GOMOD" | sort -u)
((${#STAGING[@]} > 0)) || tb_die "found no '=> ./staging/...' replace lines in $KUBE_GOMOD; the layout of k8s.io/kubernetes changed"
tb_log "kube-apiserver $TB_GIT_VERSION: ${#STAGING[@]} staging modules to replace with $TB_STAGING_VERSION"

# One query for all of them: which are published at TB_STAGING_VERSION? An unpublished one (the
# sample-* modules are not served for 0.37.2) is left out: harmless unless kube-apiserver imports
# it, in which case go mod tidy below names it.
QUERY=()
for m in "${STAGING[@]}"; do QUERY+=("$m@$TB_STAGING_VERSION"); done
mapfile -t PUBLISHED < <(tb_go_query list -m -e -f '{{if not .Error}}{{.Path}}{{end}}' "${QUERY[@]}" | sed '/^$/d')
for m in "${STAGING[@]}"; do
	if ! printf '%s\n' "${PUBLISHED[@]}" | grep -qxF "$m"; then
		tb_log "  note: $m $TB_STAGING_VERSION is not served by the module proxy; not replacing it"
	fi
done

MOD_DIR="$TB_SRC/kube-apiserver"
mkdir -p "$MOD_DIR"
{
	printf '// Generated by test/testbed/ensure-kube-apiserver.sh: builds kube-apiserver %s.\n' "$TB_GIT_VERSION"
	printf 'module apiboot.testbed/kube-apiserver\n\ngo %s\n\n' "$KUBE_GO"
	printf 'require k8s.io/kubernetes %s\n\nreplace (\n' "$TB_GIT_VERSION"
	for m in "${PUBLISHED[@]}"; do printf '\t%s => %s %s\n' "$m" "$m" "$TB_STAGING_VERSION"; done
	printf ')\n'
} >"$MOD_DIR/go.mod"
cat >"$MOD_DIR/tools.go" <<'EOF'
//go:build tools

// Package tools only records, for go mod tidy, which commands this module builds.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
EOF

tb_log "kube-apiserver $TB_GIT_VERSION: go mod tidy in $MOD_DIR (downloads the dependencies)"
(cd "$MOD_DIR" && tb_go mod tidy) || tb_die "go mod tidy failed in $MOD_DIR"

TMP="$(tb_tmp_for "$BIN")"
trap 'rm -f "$TMP"' EXIT
LDFLAGS="$(tb_k8s_ldflags "$BUILD_DATE")"
tb_log "kube-apiserver $TB_GIT_VERSION: go build (slow: many minutes on two cores with a cold GOCACHE)"
start=$SECONDS
(cd "$MOD_DIR" && CGO_ENABLED=0 tb_go build -pgo=off -trimpath -ldflags "$LDFLAGS" -o "$TMP" k8s.io/kubernetes/cmd/kube-apiserver) ||
	tb_die "go build of kube-apiserver failed (module in $MOD_DIR)"
tb_log "kube-apiserver $TB_GIT_VERSION: built in $((SECONDS - start))s"

got="$("$TMP" --version 2>&1)" || tb_die "the new kube-apiserver does not run: $got"
[[ "$got" == "$WANT" ]] || tb_die "the new kube-apiserver reports '$got', expected '$WANT' (ldflags -X target changed?)"
tb_install "$TMP" "$BIN"
if [[ "$TB_VERSION" != "$REQ_VERSION" ]]; then
	printf '%s\n' "$TB_VERSION" >"$RESOLVED_FILE"
fi
tb_log "kube-apiserver: installed $BIN ($got)"
printf '%s\n' "$BIN"
