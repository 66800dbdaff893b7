#!/usr/bin/env bash
# Installs the Debian packages Kroniek's tests and baselines use, when missing:
# chromium (kroniek show's browser test) and frog + its data (the frog.v1 baseline).
# Idempotent; needs root or sudo. Used by .ci/run.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v frog >/dev/null 2>&1 || missing+=(frog frogdata uctodata)
if [ ${#missing[@]} -eq 0 ]; then
    echo "system tools present: chromium, frog"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
