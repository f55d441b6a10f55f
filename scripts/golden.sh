#!/usr/bin/env bash
# Regenerates the golden projects with real apiboot calls, repeats and --force included.
#
#   scripts/golden.sh OUT_DIR     write OUT_DIR/zoo, OUT_DIR/meter and OUT_DIR/catdemo
#   scripts/golden.sh --update    regenerate test/golden/zoo, test/golden/meter and examples/catdemo in place
#
# zoo:     two groups, four kinds: namespaced with status (Cat), cluster-scoped (Habitat), a second version
#          (Dog in v1beta1, then also v1, with scale, walk (arbitrary) and bark (connector) in both) and a second group (Keeper in staff/v1, whose status subresource comes later); Cat's
#          scale, feed (arbitrary) and log (connector) subresources; and compositions, a subresource of apps/v1
#          Deployments served in apps.demo.io/v1alpha1; Sighting, served by its handler (create and delete in memory)
#          next to the etcd kinds of animal.demo.io/v1alpha1.
# meter:   no etcd at all, the metrics-server shape: PodSummary (namespaced, read-only) and NamespaceSummary
#          (cluster-scoped), both computed by their handlers from the pods of the cluster.
# catdemo: the README's example, domain demo.io, group animal, version v1alpha1, kind Cat.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "${1:-}" = "--update" ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  "$0" "$out"
  rm -rf "$repo/test/golden/zoo" "$repo/test/golden/meter" "$repo/examples/catdemo"
  mkdir -p "$repo/test/golden" "$repo/examples"
  cp -a "$out/zoo" "$repo/test/golden/zoo"
  cp -a "$out/meter" "$repo/test/golden/meter"
  cp -a "$out/catdemo" "$repo/examples/catdemo"
  exit 0
fi

out="${1:?usage: scripts/golden.sh OUT_DIR | --update}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Generated headers carry the year: fix it so the golden files do not change with the calendar.
export SOURCE_DATE_EPOCH=1767225600
apiboot() { node "$repo/bin/apiboot.js" "$@"; }
expect_no_change() {
  local output
  output="$(apiboot "$@")" || { echo "golden: apiboot $* failed" >&2; exit 1; }
  if ! grep -q '^No changes: the project already matches\.$' <<<"$output"; then
    echo "golden: expected apiboot $* to change nothing, but it printed:" >&2
    echo "$output" >&2
    exit 1
  fi
}
expect_refusal() {
  if apiboot "$@" >/dev/null 2>&1; then
    echo "golden: expected apiboot $* to be refused, but it succeeded" >&2
    exit 1
  fi
}

rm -rf "$out/zoo" && mkdir "$out/zoo" && cd "$out/zoo"
apiboot init repo --domain demo.io --module demo.io/zoo --owner "The Zoo Authors"
apiboot create group version resource --group animal --version v1alpha1 --kind Cat --short-names ct --categories animals --controller
expect_refusal create group version resource --group animal --version v1alpha1 --kind Cat
apiboot create resource --group animal --version v1alpha1 --kind Habitat --non-namespaced --with-status-subresource=false
apiboot create resource --group animal --version v1beta1 --kind Dog --categories animals
apiboot create resource --group staff --version v1 --kind Keeper --with-status-subresource=false
# Dog gains a version: internal types in pkg/apis/animal, conversions, v1beta1 stays the storage version.
apiboot create resource --group animal --version v1 --kind Dog
# The same command again, on a kind in several versions, changes nothing.
expect_no_change create resource --group animal --version v1 --kind Dog
sub() { apiboot create subresource "$@"; }
sub --group staff --version v1 --kind Keeper --type status --skip-go
sub --group animal --version v1alpha1 --kind Cat --type scale --skip-go
sub --group animal --version v1alpha1 --kind Cat --subresource feed --type arbitrary --skip-go
sub --group animal --version v1alpha1 --kind Cat --subresource log --type connector --skip-go
# Dog, served in v1beta1 and v1, gains subresources in both: scale, walk (arbitrary) and bark (connector).
sub --group animal --version v1 --kind Dog --type scale --skip-go
sub --group animal --version v1beta1 --kind Dog --subresource walk --type arbitrary --skip-go
sub --group animal --version v1 --kind Dog --subresource bark --type connector --skip-go
sub --for-kind apps/v1/Deployment --subresource compositions --group apps --version v1alpha1
expect_refusal create subresource --group animal --version v1alpha1 --kind Cat --subresource feed --type connector
expect_refusal create subresource --group animal --version v1alpha1 --kind Lion --type scale
# Running a command again, or --force on files that are already what apiboot makes, changes nothing.
sub --group animal --version v1alpha1 --kind Cat --subresource feed --type arbitrary --skip-go
sub --group animal --version v1 --kind Dog --subresource walk --type arbitrary --skip-go
sub --for-kind apps/v1/Deployment --subresource compositions --group apps --version v1alpha1 --skip-go
apiboot create resource --group animal --version v1alpha1 --kind Cat --short-names ct --categories animals --force --skip-go
apiboot init repo --domain demo.io --module demo.io/zoo --skip-go
expect_refusal init repo --domain other.io
# A kind served by its handler next to the etcd kinds of the group; it takes no subresource.
apiboot create resource --group animal --version v1alpha1 --kind Sighting --storage handler --verbs get,list,watch,create,delete
apiboot create resource --group animal --version v1alpha1 --kind Sighting --storage handler --verbs get,list,watch,create,delete --skip-go
expect_refusal create subresource --group animal --version v1alpha1 --kind Sighting --type scale
expect_refusal create resource --group animal --version v1beta1 --kind Sighting --storage handler

rm -rf "$out/meter" && mkdir "$out/meter" && cd "$out/meter"
apiboot init repo --domain demo.io --module demo.io/meter --owner "The Meter Authors" --skip-go
apiboot create resource --group metrics --version v1alpha1 --kind PodSummary --storage handler --skip-go
apiboot create resource --group metrics --version v1alpha1 --kind NamespaceSummary --storage handler --non-namespaced
expect_refusal create resource --group metrics --version v1alpha1 --kind PodSummary --storage handler --verbs list

rm -rf "$out/catdemo" && mkdir "$out/catdemo" && cd "$out/catdemo"
apiboot init repo --domain demo.io --owner "The Demo Authors"
apiboot create group version resource --group animal --version v1alpha1 --kind Cat --controller
