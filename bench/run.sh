#!/usr/bin/env bash
# All benchmarks: CLI start-up and generation, the local development loop, then the server under load against
# k8s.io/sample-apiserver (SERVER=0 skips it: its first run builds sample-apiserver), and the requests a handler kind
# makes to kube-apiserver against those of main (HANDLER=0 skips it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm run build --silent
node bench/cli.mjs "${1:-15}"
node bench/local.mjs 3 ${COLD:+--cold}
if [ "${SERVER:-1}" != 0 ]; then node bench/server.mjs 3; fi
if [ "${HANDLER:-1}" != 0 ]; then node bench/handler-reads.mjs; fi
