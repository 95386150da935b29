#include "caseflow/runner/distributed.h"

#ifdef CASEFLOW_MPI
#include <mpi.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#endif

namespace caseflow {

#ifndef CASEFLOW_MPI

DistributedSession::DistributedSession(int&, char**&) {}
DistributedSession::~DistributedSession() = default;
int process_rank() { return 0; }
int process_count() { return 1; }
std::vector<std::string> gather_at_root(const std::string& mine) { return {mine}; }
void broadcast_from_root(std::string&) {}
void abort_other_processes(int) {}

#else

namespace {
bool mpi_running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}
}  // namespace

DistributedSession::DistributedSession(int& argc, char**& argv) {
  // Only the main thread calls MPI; oneTBB's workers never do.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
}

DistributedSession::~DistributedSession() {
  if (mpi_running()) MPI_Finalize();
}

int process_rank() {
  int rank = 0;
  if (mpi_running()) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int process_count() {
  int size = 1;
  if (mpi_running()) MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

std::vector<std::string> gather_at_root(const std::string& mine) {
  const int ranks = process_count();
  if (ranks == 1) return {mine};
  // MPI counts are ints: more than 2 GiB in all is refused, not truncated
  // (a replication of the default scenario is about 100 kB).
  const auto refuse = [](const std::string& what) {
    std::fprintf(stderr, "caseflow: error: %s, over MPI's 2 GiB per gather: split the run into shards (--shard)\n",
                 what.c_str());
    MPI_Abort(MPI_COMM_WORLD, 1);
  };
  if (mine.size() > static_cast<std::size_t>(INT_MAX))
    refuse("rank " + std::to_string(process_rank()) + "'s results are " + std::to_string(mine.size()) + " bytes");
  const int size = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(ranks)), offsets(static_cast<std::size_t>(ranks));
  MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  const bool root = process_rank() == 0;
  std::int64_t total = 0;
  if (root)
    for (int r = 0; r < ranks; ++r) {
      offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
      total += sizes[static_cast<std::size_t>(r)];
    }
  if (root && total > INT_MAX) refuse("the ranks' results are " + std::to_string(total) + " bytes");
  std::string all(root ? static_cast<std::size_t>(total) : 0, '\0');
  MPI_Gatherv(mine.data(), size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
  std::vector<std::string> shares;
  if (root)
    for (int r = 0; r < ranks; ++r)
      shares.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                                  static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
  return shares;
}

void broadcast_from_root(std::string& bytes) {
  if (process_count() == 1) return;
  unsigned long long size = bytes.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  if (size > static_cast<unsigned long long>(INT_MAX)) {
    std::fprintf(stderr, "caseflow: error: %llu bytes to send to every rank, over MPI's 2 GiB per message\n", size);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  bytes.resize(static_cast<std::size_t>(size));
  MPI_Bcast(bytes.data(), static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD);
}

void abort_other_processes(int exit_code) {
  if (mpi_running() && process_count() > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
}

#endif

}  // namespace caseflow
