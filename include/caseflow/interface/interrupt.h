//===----------------------------------------------------------------------===//
// interrupt.h: SIGINT and SIGTERM as a request to stop
//
// While an InterruptGuard lives, the first SIGINT or SIGTERM only records its
// number (the handler does nothing else: an atomic store is all a handler may
// safely do); the run polls InterruptGuard::flag() between replications and
// stages, stops, removes its temporary files and exits 128 + the signal. The
// handler is one-shot, so a second signal stops the process at once (the
// next run into the directory removes what that leaves). A signal ignored
// when the program started (e.g. SIGINT for a background job of a
// non-interactive shell) stays ignored.
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <csignal>

namespace caseflow {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();  // restores the previous handlers
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  //! The signal received since the guard was made, or 0.
  static const std::atomic<int>& flag();
  static int received() { return flag().load(); }

 private:
  struct sigaction previous_int_{}, previous_term_{};
  bool installed_int_ = false, installed_term_ = false;
};

//! "SIGINT", "SIGTERM", "SIGHUP", or "a signal".
const char* signal_name(int signal);

}  // namespace caseflow
