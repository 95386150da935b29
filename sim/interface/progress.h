//===----------------------------------------------------------------------===//
// progress.h: how far a long command has got, on standard error
//
// On a terminal, one line redrawn in place: a bar, the pairs done, the points
// finished, replications per second and the time left. Otherwise a plain
// line every few seconds (logs, CI); nothing at all when quiet.
//===----------------------------------------------------------------------===//
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace caseflow {

class Progress {
 public:
  //! `terminal`: redraw in place (see stderr_is_terminal). `already`: done
  //! before this process started (a resume), left out of the rate.
  //! `quiet_if_short`: off a terminal, say nothing at all for a command that
  //! ends before its first periodic line (a short `run` stays silent).
  Progress(std::ostream& err, bool quiet, bool terminal, std::uint64_t total, std::uint64_t already, std::string what,
           bool quiet_if_short = false);
  //! `done` of `total` replications, `points_done` of `points` points
  //! finished (points 0: a command without points, e.g. `run`).
  void update(std::uint64_t done, std::uint64_t points_done, std::uint64_t points);
  //! Ends the line on a terminal.
  void finish();

 private:
  std::string line(std::uint64_t done, std::uint64_t points_done, std::uint64_t points, double seconds) const;
  std::ostream& err_;
  bool quiet_, terminal_, quiet_if_short_;
  std::uint64_t total_, already_;
  std::string what_;
  std::chrono::steady_clock::time_point started_, last_shown_;
  bool shown_ = false;
};

//! Whether `err` is the process's standard error and that is a terminal.
bool stderr_is_terminal(const std::ostream& err);

}  // namespace caseflow
