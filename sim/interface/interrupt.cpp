#include "caseflow/interface/interrupt.h"

namespace caseflow {

namespace {

std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

extern "C" void record_signal(int signal) {
  int expected = 0;
  received_signal.compare_exchange_strong(expected, signal);
}

// Installs the handler for `signal` unless the signal was ignored at start.
bool install(int signal, struct sigaction& previous) {
  if (::sigaction(signal, nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN) return false;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second signal takes the default action: stop now
  return ::sigaction(signal, &action, nullptr) == 0;
}

}  // namespace

InterruptGuard::InterruptGuard() {
  received_signal.store(0);
  installed_int_ = install(SIGINT, previous_int_);
  installed_term_ = install(SIGTERM, previous_term_);
}

InterruptGuard::~InterruptGuard() {
  if (installed_int_) ::sigaction(SIGINT, &previous_int_, nullptr);
  if (installed_term_) ::sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<int>& InterruptGuard::flag() { return received_signal; }

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

}  // namespace caseflow
