#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (npm packages; kubectl and etcd are built by the
# test bed scripts on first use and cached under ~/.cache/apiboot-testbed), builds, then runs unit, CLI, golden
# and end-to-end tests with node's test runner.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
# The house rules as code: typescript-eslint, and the layer rule (no upward import, no cycle) by dependency-cruiser.
npm run lint --silent

suites=(dist/test/unit/ dist/test/cli/ dist/test/e2e/)
if [ "$#" -gt 0 ]; then suites=("$@"); fi
# One test file at a time: the end-to-end files build Go code and start servers, and two cores are all there is.
exec node --test --test-concurrency=1 "${suites[@]}"
