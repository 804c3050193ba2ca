#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (browser tests), poppler-utils (PDF checks),
# CJK fonts (common and rare characters), PostgreSQL (store tests). Installs what is missing when run as root; otherwise
# says what is missing and lets the tests that need it skip (CI=true turns those skips into failures).
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
# Rare characters in names (𠮷, 𠀀: CJK Extension B) for the PDF; without it they print as boxes.
[ -e /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || need+=(fonts-hanazono)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

apt_install system-deps "the tests that need them will skip (and fail under CI=true)." "${need[@]}"
