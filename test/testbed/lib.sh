# shellcheck shell=bash
# Shared helpers for the apiboot test-bed provisioning scripts. Source it, do not run it:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   tb_init "${1:-}"            # sets TB_VERSION, TB_ROOT, TB_BIN, TB_SRC, ...
#
# Layout of the cache (one tree per Kubernetes version, nothing outside it is written except the
# Go module and build caches):
#
#   ${APIBOOT_TESTBED_CACHE:-$HOME/.cache/apiboot-testbed}/<k8s version>/
#     bin/    finished binaries (installed atomically: built under a temporary name, then mv)
#     src/    one tiny Go module per tool (src/kubectl, src/etcd, src/kube-apiserver)
#     locks/  flock files, one per tool, so two concurrent calls never build the same thing twice
#
# Environment:
#   APIBOOT_K8S_VERSION            Kubernetes version when no argument is given (default 1.37.2)
#   APIBOOT_TESTBED_CACHE          cache root (default $HOME/.cache/apiboot-testbed)
#   APIBOOT_TESTBED_LOCK_TIMEOUT   seconds to wait for another build of the same tool (default 3600)
#
# Conventions of the scripts: progress goes to stderr, the only stdout line is the absolute path of
# what the script provides, printed last.

TB_DEFAULT_K8S_VERSION="1.37.2"

tb_log() {
	printf '[testbed] %s\n' "$*" >&2
}

tb_die() {
	printf '[testbed] ERROR: %s\n' "$*" >&2
	exit 1
}

# tb_need_cmd CMD... : fail loudly if a command is missing.
tb_need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || tb_die "required command '$c' not found in PATH"
	done
}

# tb_init [VERSION] : resolve the Kubernetes version and create the cache tree.
# Sets TB_VERSION (1.37.2), TB_MAJOR, TB_MINOR, TB_PATCH, TB_GIT_VERSION (v1.37.2),
# TB_STAGING_VERSION (v0.37.2, the version of the published k8s.io/* staging modules),
# TB_ROOT, TB_BIN, TB_SRC, TB_LOCKS.
tb_init() {
	local v="${1:-${APIBOOT_K8S_VERSION:-$TB_DEFAULT_K8S_VERSION}}"
	v="${v#v}"
	if [[ ! "$v" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
		tb_die "Kubernetes version must look like 1.37.2 (got '$v')"
	fi
	TB_VERSION="$v"
	TB_MAJOR="${BASH_REMATCH[1]}"
	TB_MINOR="${BASH_REMATCH[2]}"
	TB_PATCH="${BASH_REMATCH[3]}"
	TB_GIT_VERSION="v${TB_VERSION}"
	TB_STAGING_VERSION="v0.${TB_MINOR}.${TB_PATCH}"

	local cache="${APIBOOT_TESTBED_CACHE:-${HOME:?HOME is not set}/.cache/apiboot-testbed}"
	mkdir -p "$cache" || tb_die "cannot create cache root $cache"
	cache="$(cd "$cache" && pwd -P)"
	TB_ROOT="$cache/$TB_VERSION"
	TB_BIN="$TB_ROOT/bin"
	TB_SRC="$TB_ROOT/src"
	TB_LOCKS="$TB_ROOT/locks"
	mkdir -p "$TB_BIN" "$TB_SRC" "$TB_LOCKS" || tb_die "cannot create cache tree under $TB_ROOT"
	export TB_VERSION TB_MAJOR TB_MINOR TB_PATCH TB_GIT_VERSION TB_STAGING_VERSION TB_ROOT TB_BIN TB_SRC TB_LOCKS
}

# tb_lock NAME : take an exclusive flock on $TB_LOCKS/NAME.lock for the rest of the script (the fd
# stays open until the process exits, which releases the lock, also on failure).
tb_lock() {
	local name="$1" timeout="${APIBOOT_TESTBED_LOCK_TIMEOUT:-3600}" fd
	tb_need_cmd flock
	exec {fd}>"$TB_LOCKS/$name.lock" || tb_die "cannot open lock file $TB_LOCKS/$name.lock"
	if ! flock -n "$fd"; then
		tb_log "another process is building $name for $TB_VERSION; waiting up to ${timeout}s for its lock"
		flock -w "$timeout" "$fd" || tb_die "timed out after ${timeout}s waiting for lock $TB_LOCKS/$name.lock"
	fi
}

# tb_tmp_for DEST : a temporary name next to DEST (same filesystem, so mv is an atomic rename).
tb_tmp_for() {
	printf '%s.tmp.%s' "$1" "$$"
}

# tb_install TMP DEST : make TMP executable and rename it over DEST atomically.
tb_install() {
	local tmp="$1" dest="$2"
	[[ -f "$tmp" ]] || tb_die "build produced no file at $tmp"
	chmod 0755 "$tmp"
	mv -f "$tmp" "$dest" || tb_die "cannot move $tmp to $dest"
}

# tb_go ARGS... : run the go tool the way every script wants it: no workspace file from the caller's
# directory tree, modules on, and progress to stderr.
tb_go() {
	GOWORK=off GO111MODULE=on GOFLAGS="${GOFLAGS:-} -mod=mod" go "$@" >&2
}

# tb_go_query ARGS... : go list -m / go mod download -json queries, run from / so that no go.mod of
# the caller's directory tree is involved; keeps stdout.
tb_go_query() {
	(cd / && GOWORK=off GO111MODULE=on go "$@")
}

# tb_check_go : Go must be present and new enough for the module that needs it.
tb_check_go() {
	tb_need_cmd go
	local want="${1:-}" have
	have="$(go env GOVERSION)" || tb_die "'go env GOVERSION' failed"
	have="${have#go}"
	if [[ -n "$want" ]] && ! tb_version_ge "$have" "$want"; then
		tb_die "Go $have is older than Go $want, which this build needs (set GOTOOLCHAIN or install a newer Go)"
	fi
}

# tb_version_ge A B : true when dotted version A >= B.
tb_version_ge() {
	[[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

# tb_k8s_ldflags MODULE_TIME : -X flags that make component-base (read by kubectl version and
# kube-apiserver --version) and client-go (its User-Agent) report TB_GIT_VERSION. The build date is
# the publication time of the module, so two builds of one version are byte-identical. gitCommit is
# set empty: the module proxy does not say which commit a release is, and the default is the
# unexpanded "$Format:%H$".
tb_k8s_ldflags() {
	local build_date="${1:-1970-01-01T00:00:00Z}" pkg flags=("-s" "-w")
	for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		flags+=(
			"-X" "$pkg.gitVersion=$TB_GIT_VERSION"
			"-X" "$pkg.gitMajor=$TB_MAJOR"
			"-X" "$pkg.gitMinor=$TB_MINOR"
			"-X" "$pkg.gitCommit="
			"-X" "$pkg.gitTreeState=clean"
			"-X" "$pkg.buildDate=$build_date"
		)
	done
	printf '%s ' "${flags[@]}"
}

# tb_module_time MODULE@VERSION : the module's publication time from the proxy (RFC 3339).
tb_module_time() {
	local t
	t="$(tb_go_query list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "$1")" ||
		tb_die "go list -m $1 failed"
	printf '%s' "${t:-1970-01-01T00:00:00Z}"
}

# tb_apt_install PKG... : install Debian packages non-interactively. `apt-get update` runs only when
# apt-cache knows no candidate for one of them (fresh image, empty or stale lists). Services that a
# package would start (docker-registry ships an init script that would listen on :5000 with htpasswd
# auth) are kept from starting: if the machine has no /usr/sbin/policy-rc.d, a temporary one that
# answers 101 is put there for the install and removed after.
tb_apt_install() {
	local pkgs=("$@") sudo=() p cand missing=() updated=0 made_policy=0 rc=0
	tb_need_cmd apt-get apt-cache dpkg
	if [[ "$(id -u)" != 0 ]]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo=(sudo -n)
		else
			tb_die "installing ${pkgs[*]} needs root (apt-get); run as root, or install them yourself: apt-get install ${pkgs[*]}"
		fi
	fi
	tb_lock apt
	while :; do
		missing=()
		for p in "${pkgs[@]}"; do
			cand="$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')"
			[[ -n "$cand" && "$cand" != "(none)" ]] || missing+=("$p")
		done
		((${#missing[@]} == 0)) && break
		((updated == 0)) || tb_die "Debian has no package named: ${missing[*]} (even after apt-get update)"
		tb_log "apt: no candidate for ${missing[*]}; running apt-get update"
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || tb_die "apt-get update failed"
		updated=1
	done
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\n# temporary, from apiboot test/testbed/lib.sh: start no service during install\nexit 101\n' |
			"${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null && "${sudo[@]}" chmod 0755 /usr/sbin/policy-rc.d && made_policy=1
	fi
	tb_log "apt: installing ${pkgs[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${pkgs[@]}" >&2 || rc=$?
	if ((made_policy)); then
		"${sudo[@]}" rm -f /usr/sbin/policy-rc.d
	fi
	((rc == 0)) || tb_die "apt-get install ${pkgs[*]} failed (exit $rc)"
}
