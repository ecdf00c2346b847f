#!/usr/bin/env bash
# Installs what the browser suite needs and nothing else: Debian's chromium (Playwright's own
# browser download cannot work here), the pinned axe-core that the tests inject into pages,
# and the pinned Nu HTML checker (vnu-jar, run with Debian's Java) for the markup test.
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

if ! command -v java >/dev/null 2>&1; then
    echo "e2e setup: installing Debian's Java runtime for the Nu HTML checker"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq default-jre-headless >/dev/null
fi

# Installed versions must match the lock file exactly; otherwise (re)install from the lock.
locked_version() {
    node -p "require('$here/package-lock.json').packages['node_modules/$1'].version"
}
installed_version() {
    if [ -f "$here/node_modules/$1/package.json" ]; then
        node -p "require('$here/node_modules/$1/package.json').version"
    fi
}
wanted="$(locked_version axe-core)"
vnu_wanted="$(locked_version vnu-jar)"
if [ "$(installed_version axe-core)" != "$wanted" ] \
    || [ "$(installed_version vnu-jar)" != "$vnu_wanted" ] \
    || [ ! -f "$here/node_modules/axe-core/axe.min.js" ] \
    || [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    echo "e2e setup: installing axe-core $wanted and vnu-jar $vnu_wanted"
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

echo "e2e setup: $(/usr/bin/chromium --version 2>/dev/null), axe-core $wanted, vnu-jar $vnu_wanted"
