//===----------------------------------------------------------------------===//
// cli.h: the `caseflow` command line
//===----------------------------------------------------------------------===//
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace caseflow {

//! Exit codes: 0 success, 1 a failure while running or writing, 2 bad input
//! (a scenario error or a command-line mistake).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

//! The default scenario (configs/manchester-2016.yaml), compiled in.
const char* embedded_default_scenario();

//! Runs the command line; returns the exit code. Output goes to `out`,
//! messages and errors to `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace caseflow
