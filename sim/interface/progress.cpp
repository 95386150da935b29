#include "progress.h"

#include <unistd.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace caseflow {

namespace {

std::string duration_text(double seconds) {
  const auto s = static_cast<long>(std::lround(seconds));
  std::ostringstream text;
  if (s >= 3600) text << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
  else if (s >= 60) text << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
  else text << s << "s";
  return text.str();
}

}  // namespace

bool stderr_is_terminal(const std::ostream& err) { return &err == &std::cerr && isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::ostream& err, bool quiet, bool terminal, std::uint64_t total, std::uint64_t already,
                   std::string what, bool quiet_if_short)
    : err_(err), quiet_(quiet), terminal_(terminal), quiet_if_short_(quiet_if_short), total_(total), already_(already), what_(std::move(what)),
      started_(std::chrono::steady_clock::now()), last_shown_(started_) {}

std::string Progress::line(std::uint64_t done, std::uint64_t points_done, std::uint64_t points, double seconds) const {
  std::ostringstream text;
  const double rate = seconds > 0 && done >= already_ ? static_cast<double>(done - already_) / seconds : 0.0;
  if (terminal_) {
    constexpr int kWidth = 28;
    const int filled = total_ ? static_cast<int>(kWidth * done / total_) : kWidth;
    text << '[' << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(kWidth - filled), '.')
         << "] ";
  }
  text << what_ << ": " << done << "/" << total_ << " replications, ";
  if (points > 0) text << points_done << "/" << points << " points, ";
  text << std::fixed << std::setprecision(1) << rate << " reps/s";
  if (rate > 0 && done < total_) text << ", " << duration_text(static_cast<double>(total_ - done) / rate) << " left";
  return text.str();
}

void Progress::update(std::uint64_t done, std::uint64_t points_done, std::uint64_t points) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_shown_).count();
  // A terminal redraws five times a second; a log gets a line every 10 s.
  if (since < (terminal_ ? 0.2 : 10.0) && done < total_) return;
  if (done >= total_ && quiet_if_short_ && !terminal_ && !shown_) return;
  last_shown_ = now;
  shown_ = true;
  const std::string text = line(done, points_done, points, std::chrono::duration<double>(now - started_).count());
  if (terminal_) err_ << '\r' << text << "\033[K" << std::flush;
  else err_ << "caseflow: " << text << '\n';
}

void Progress::finish() {
  if (!quiet_ && terminal_ && shown_) err_ << '\n';
}

}  // namespace caseflow
