#!/usr/bin/env bash
# A new user's first run, measured: `npm run demo` from a fresh clone with empty Go build and module caches, an empty
# npm cache and an empty test-bed cache (kubectl is built when none within skew is on PATH), against a baseline run in
# the same script: `go build` of the demo's generated server from an empty build cache, its modules downloaded, which
# is the compile any aggregated API server built on k8s.io/apiserver costs once. Prints wall and CPU time, the ratio
# of the two, and where the demo's time went. A benchmark, not a test: nothing passes or fails on its figures.
#
#   bash bench/first-run.sh [REV]     REV of this repository to clone (default HEAD); about 15 minutes on two cores
#
# Run it on idle cores: the figures are wall-clock times.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:-HEAD}"
command -v /usr/bin/time >/dev/null || { echo "first-run: GNU time (/usr/bin/time, Debian package time) is needed" >&2; exit 1; }

work="$(mktemp -d)"
cleanup() {
  chmod -R u+w "$work" 2>/dev/null || true # the module cache is read-only
  rm -rf "$work"
}
trap cleanup EXIT
git clone -q "$repo" "$work/apiboot"
git -C "$work/apiboot" checkout -q "$rev"
export GOCACHE="$work/gocache" GOMODCACHE="$work/gomod" APIBOOT_TESTBED_CACHE="$work/testbed" npm_config_cache="$work/npm"

# report NAME FILE : one line of figures from FILE, "WALL USER SYS" as /usr/bin/time -f "%e %U %S" wrote them.
report() {
  local name="$1" file="$2"
  read -r wall user sys <"$file"
  printf '%-58s %8.1f s wall %8.1f s CPU (%3.0f%% of two cores)\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "($user + $sys) * 50 / $wall" | bc -l)"
}

echo "first run of $(git -C "$work/apiboot" rev-parse --short HEAD), empty caches, $(nproc) cores"
(cd "$work/apiboot" && /usr/bin/time -f '%e %U %S' -o "$work/demo.time" npm run demo >"$work/demo.log" 2>&1) ||
  { tail -n 40 "$work/demo.log"; echo "first-run: npm run demo failed" >&2; exit 1; }

# The baseline: the same project, scaffolded again with the caches now warm, and its server built from an empty
# build cache (the module cache stays: downloads are not what it measures).
mkdir "$work/catdemo"
(
  cd "$work/catdemo"
  node "$work/apiboot/bin/apiboot.js" init repo --domain demo.io >/dev/null
  node "$work/apiboot/bin/apiboot.js" create group version resource --group animal --version v1alpha1 --kind Cat --skip-controller >/dev/null
  GOCACHE="$work/gocache-baseline" /usr/bin/time -f '%e %U %S' -o "$work/baseline.time" go build -o /dev/null ./cmd/apiserver
)

report 'npm run demo, fresh clone, empty caches' "$work/demo.time"
report 'baseline: go build of its server, empty build cache' "$work/baseline.time"
read -r demo_wall _ <"$work/demo.time"
read -r base_wall _ <"$work/baseline.time"
printf '%-58s %8.2fx\n' 'first run / baseline (wall)' "$(echo "$demo_wall / $base_wall" | bc -l)"
echo "where the demo's time went (seconds from its start):"
grep -E '==>|done in|built in|\[testbed\] kubectl: (using|installed)' "$work/demo.log" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /'
