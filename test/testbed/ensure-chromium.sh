#!/usr/bin/env bash
# Usage: test/testbed/ensure-chromium.sh
#
# Makes sure Debian's chromium is installed at /usr/bin/chromium and prints that path last on stdout
# (progress to stderr). Installs it with apt-get --no-install-recommends only when /usr/bin/chromium
# is missing (needs root; `apt-get update` only when apt knows no candidate). The browser tests drive
# it with playwright-core through executablePath, so no tool ever downloads a browser of its own,
# which cannot work here.
#
# Flags that make it run headless as root in this sandbox, with no network of its own:
#   --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
#   --disable-component-update --disable-sync
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

tb_init ""
BIN=/usr/bin/chromium

if [[ ! -x "$BIN" ]]; then
	tb_apt_install chromium
fi
[[ -x "$BIN" ]] || tb_die "chromium was installed but $BIN does not exist"
"$BIN" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1 || tb_die "$BIN --version does not run"
tb_log "chromium: $("$BIN" --version 2>/dev/null)"
printf '%s\n' "$BIN"
