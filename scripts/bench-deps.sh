#!/usr/bin/env bash
# Debian packages only the benchmarks need (never `make test`): nginx, the reverse proxy the
# capacity run puts in front of several app servers. Installs it when run as root; otherwise
# says what is missing (PostgreSQL and Chromium come from system-deps.sh).
set -euo pipefail

if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  echo "bench-deps: all present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench-deps: installing nginx"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends nginx
  # The package may start its own nginx on port 80; the capacity run starts its own on a free port.
  if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
else
  echo "bench-deps: nginx is missing and cannot be installed here (not root or no apt-get);" \
       "the capacity run needs it for more than one server (--servers 1 works without it)."
fi
