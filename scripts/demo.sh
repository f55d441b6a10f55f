#!/usr/bin/env bash
# The main job end to end on the embedded default: scaffold the Cat example in a temporary folder, start it with
# `apiboot run local` (etcd built from the project's own Go modules), apply a Cat with kubectl, show it, stop.
# Needs only Go, Node.js and npm. kubectl: one on PATH within one minor of the project's Kubernetes release, else
# one built from the Go module proxy on first use and cached (test/testbed/ensure-kubectl.sh).
#
# A first run on a fresh machine is mostly Go compiling. What can overlap does: kubectl's modules are fetched while
# npm installs and apiboot scaffolds; kubectl itself is built after the server, so the packages the two share come
# from the build cache instead of being compiled twice; etcd is built in the server's own go build.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
started=$SECONDS
work="$(mktemp -d)"
project="$work/catdemo"
mkdir "$project"
run_pid=""
fetch_pid=""
cleanup() {
  if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid"
    wait "$run_pid" || true
  fi
  if [ -n "$fetch_pid" ] && kill -0 "$fetch_pid" 2>/dev/null; then
    kill -TERM "$fetch_pid"
    wait "$fetch_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m (%ss)\n' "$*" "$((SECONDS - started))"; }

APIBOOT_TESTBED_DOWNLOAD_ONLY=1 bash test/testbed/ensure-kubectl.sh >/dev/null 2>"$work/kubectl-fetch.log" &
fetch_pid=$!

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
apiboot() { node "$repo/bin/apiboot.js" "$@"; }

cd "$project"
step "apiboot init repo --domain demo.io"
apiboot init repo --domain demo.io
step "apiboot create group version resource --group animal --version v1alpha1 --kind Cat"
apiboot create group version resource --group animal --version v1alpha1 --kind Cat

step "apiboot run local --secure-port ${APIBOOT_DEMO_PORT:-9443}"
# node itself in the background (not a shell function), so the signal below reaches apiboot.
node "$repo/bin/apiboot.js" run local --secure-port "${APIBOOT_DEMO_PORT:-9443}" >"$work/run-local.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 1800); do
  grep -q 'apiboot: ready.' "$work/run-local.log" && break
  if ! kill -0 "$run_pid" 2>/dev/null; then cat "$work/run-local.log"; echo "run local stopped early" >&2; exit 1; fi
  sleep 1
done
grep -q 'apiboot: ready.' "$work/run-local.log" || { cat "$work/run-local.log"; echo "run local was not ready in time" >&2; exit 1; }
grep -v '^\[' "$work/run-local.log"

step "kubectl (one on PATH within one minor of the server's release, else built once and cached)"
wait "$fetch_pid" || { cat "$work/kubectl-fetch.log" >&2; echo "fetching kubectl's modules failed" >&2; exit 1; }
fetch_pid=""
kubectl="$(bash "$repo/test/testbed/ensure-kubectl.sh" | tail -n 1)"
echo "$kubectl"

k() { "$kubectl" --kubeconfig .apiboot/local/kubeconfig "$@"; }
step "kubectl apply -f tom.yaml"
cat >tom.yaml <<'YAML'
apiVersion: animal.demo.io/v1alpha1
kind: Cat
metadata:
  name: tom
spec:
  name: Tom
YAML
k apply -f tom.yaml
step "kubectl get cats"
k get cats
step "kubectl get cat tom -o yaml"
k get cat tom -o yaml

step "stopping run local (as Ctrl-C would)"
kill -TERM "$run_pid"
wait "$run_pid"
run_pid=""
grep -v '^\[' "$work/run-local.log" | tail -n 1
echo "done in $((SECONDS - started))s: the example was scaffolded, served, written to and read back."

