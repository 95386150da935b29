#!/usr/bin/env bash
# Installs, from Debian's packages, whatever caseflow needs that this machine
# lacks. Safe to run again: it installs nothing that is already there.
#   scripts/install-deps.sh            build and run
#   scripts/install-deps.sh --test     also what the test suite needs
#   scripts/install-deps.sh --fuzz     also clang and libFuzzer
#   scripts/install-deps.sh --mpi      also OpenMPI, for the MPI build (scripts/test-mpi.sh)
# Then the chart libraries `caseflow report` inlines (vega, vega-lite,
# vega-embed at the versions report/package-lock.json pins) into the ignored
# report/node_modules, by `npm ci`: only when they are not there already.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ make cmake ninja-build git python3
          libboost-dev libtbb-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libsqlite3-dev
          nodejs npm graphviz libxlsxwriter-dev zlib1g-dev pkg-config)   # the report: chart libraries, pathway picture, Excel (libxlsxwriter links zlib)
for option in "$@"; do
  case $option in
    --test) packages+=(libgtest-dev sqlite3 chromium python3-jsonschema python3-yaml) ;;  # sqlite3: the sweep tests read its databases; chromium draws the report; jsonschema and yaml check the configs against caseflow schema
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --mpi) packages+=(libopenmpi-dev openmpi-bin) ;;      # mpirun, and the headers and library of -DCASEFLOW_MPI=ON
    *) echo "install-deps: unknown option $option (expected --test, --fuzz or --mpi)" >&2; exit 2 ;;
  esac
done

# The report's chart libraries, as report/package-lock.json pins them.
report_assets() {
  local lock=report/package-lock.json installed=report/node_modules/.package-lock.json
  if [[ -f $installed && ! $lock -nt $installed && -f report/node_modules/vega-embed/build/vega-embed.min.js ]]; then
    return 0  # already installed from this lock file: nothing to fetch
  fi
  command -v npm >/dev/null || { echo "install-deps: npm is missing (Debian: npm)" >&2; exit 1; }
  echo "install-deps: installing the report's chart libraries (npm ci --prefix report)" >&2
  npm ci --prefix report --ignore-scripts --no-audit --no-fund --loglevel=error >&2
}

missing=()
for p in "${packages[@]}"; do
  # nodejs may come from elsewhere than Debian (e.g. NodeSource, whose nodejs includes npm).
  if [[ $p == npm || $p == nodejs ]] && command -v "${p/nodejs/node}" >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  report_assets
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
report_assets
