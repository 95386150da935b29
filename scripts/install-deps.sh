#!/usr/bin/env bash
# Installs, from Debian's packages, whatever caseflow needs that this machine
# lacks. Safe to run again: it installs nothing that is already there.
#   scripts/install-deps.sh            build and run
#   scripts/install-deps.sh --test     also what the test suite needs
#   scripts/install-deps.sh --fuzz     also clang and libFuzzer
set -euo pipefail

packages=(g++ make cmake ninja-build git python3
          libboost-dev libtbb-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libsqlite3-dev)
case "${1:-}" in
  --test) packages+=(libgtest-dev sqlite3) ;;  # sqlite3: the sweep tests read its databases
  --fuzz) packages+=(clang libclang-rt-14-dev) ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
