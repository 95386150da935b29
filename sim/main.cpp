#include <iostream>

#include "caseflow/interface/cli.h"
#include "caseflow/runner/distributed.h"

int main(int argc, char** argv) {
  // Under mpirun (an MPI build), one of the run's processes; else alone.
  const caseflow::DistributedSession session(argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  const int status = caseflow::run_cli(args, std::cout, std::cerr);
  // A rank that failed would leave the others waiting for its results.
  if (status != caseflow::kExitOk) caseflow::abort_other_processes(status);
  return status;
}
