#!/usr/bin/env bash
# Debian packages only the benchmarks need (never `make test`): nginx, the reverse proxy the
# capacity run puts in front of several app servers. Installs it when run as root; otherwise
# says what is missing (PostgreSQL and Chromium come from system-deps.sh).
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)

apt_install bench-deps \
  "the capacity run needs it for more than one server (--servers 1 works without it)." "${need[@]}"
# The package may start its own nginx on port 80; the capacity run starts its own on a free port.
if [ ${#need[@]} -gt 0 ] && [ -x /usr/sbin/nginx ] && command -v service >/dev/null 2>&1; then
  service nginx stop >/dev/null 2>&1 || true
fi
