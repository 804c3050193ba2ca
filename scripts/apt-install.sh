# Sourced by system-deps.sh and bench-deps.sh: installs the Debian packages they found missing.
#
# apt_install WHO CONSEQUENCE PACKAGE...: with no PACKAGE, says all is present; as root with
# apt-get, installs them; otherwise says what is missing and CONSEQUENCE (what will not work).
apt_install() {
  local who=$1 consequence=$2
  shift 2
  if [ $# -eq 0 ]; then
    echo "$who: all present"
  elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$who: installing $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "$@"
  else
    echo "$who: missing $* and cannot install them (not root or no apt-get); $consequence"
  fi
}
