#!/usr/bin/env bash
# The MPI build (build-mpi/, -DCASEFLOW_MPI=ON, OpenMPI from Debian) and its
# end-to-end checks under mpirun -np 3: runs and merges byte-identical to one
# process (tests/mpi/test_mpi.sh). CI runs it after the plain suite; a few
# minutes on 2 cores. The plain build (scripts/build.sh) has no MPI in it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test --mpi  # --test: the sqlite3 command the sweep check reads with
build=build-mpi
# No link-time optimisation and no unit tests: the checks compare this
# binary with itself, and CI's time is better spent running them.
CASEFLOW_BUILD_DIR=$build scripts/build.sh -DCASEFLOW_MPI=ON -DCASEFLOW_LTO=OFF -DCASEFLOW_BUILD_TESTS=OFF
tests/mpi/test_mpi.sh "$build/caseflow" .
