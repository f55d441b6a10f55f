#!/usr/bin/env bash
# All benchmarks: CLI start-up and generation, then the local development loop.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm run build --silent
node bench/cli.mjs "${1:-15}"
node bench/local.mjs 3 ${COLD:+--cold}
