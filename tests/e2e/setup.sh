#!/usr/bin/env bash
# Installs what the browser suite needs and nothing else: Debian's chromium (Playwright's own
# browser download cannot work here) and the pinned axe-core that the tests inject into pages.
# Idempotent: when both are present it only checks and returns.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd="sudo"
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "e2e setup: installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "e2e setup: installing Debian's nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
fi

# Installed version must match the lock file exactly; otherwise (re)install from the lock.
wanted="$(node -p "require('$here/package-lock.json').packages['node_modules/axe-core'].version")"
installed=""
if [ -f "$here/node_modules/axe-core/package.json" ]; then
    installed="$(node -p "require('$here/node_modules/axe-core/package.json').version")"
fi
if [ "$installed" != "$wanted" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
    echo "e2e setup: installing axe-core $wanted"
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

echo "e2e setup: $(/usr/bin/chromium --version 2>/dev/null), axe-core $wanted"
