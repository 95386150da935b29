//===----------------------------------------------------------------------===//
// distributed.h: the processes of one run, under MPI or alone
//
// Built with -DCASEFLOW_MPI=ON and started by mpirun, caseflow runs as
// several processes (ranks); each computes its share of the replications
// with oneTBB's threads, and rank 0 gathers the results and writes the
// outputs. Without MPI (the plain build) there is one process, rank 0 of 1,
// and gathering returns what it is given. Everything MPI is in
// distributed.cpp, behind CASEFLOW_MPI.
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace caseflow {

//! MPI_Init_thread on construction and MPI_Finalize on destruction (nothing
//! without MPI). One per process, in main().
class DistributedSession {
 public:
  DistributedSession(int& argc, char**& argv);
  ~DistributedSession();
  DistributedSession(const DistributedSession&) = delete;
  DistributedSession& operator=(const DistributedSession&) = delete;
};

//! This process's rank, 0 to process_count() - 1.
int process_rank();
int process_count();

//! Every rank's `mine`, in rank order, at rank 0 (empty at the other ranks).
//! Collective: every rank must call it.
std::vector<std::string> gather_at_root(const std::string& mine);

//! Rank 0's `bytes`, at every rank. Collective.
void broadcast_from_root(std::string& bytes);

//! Stops every rank of the run (MPI_Abort) after a failure on this one that
//! the others would wait for forever; without MPI, returns.
void abort_other_processes(int exit_code);

}  // namespace caseflow
