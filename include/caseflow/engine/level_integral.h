//===----------------------------------------------------------------------===//
// level_integral.h: the time integral of levels that change at events
//
// Costs accrue by the day: FTE-days of staff, child-days in placements. Each
// level (FTE of one grade, children in one placement type) is piecewise
// constant between the events that change it, so its integral is exact if
// it is brought up to date at each change: no sampling, no month-end
// approximation, and a part month or part year costs exactly its days.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <vector>

namespace caseflow {

class LevelIntegrals {
 public:
  explicit LevelIntegrals(std::size_t levels = 0) : level_(levels, 0.0), integral_(levels, 0.0), since_(levels, 0.0) {}

  std::size_t size() const { return level_.size(); }
  //! Level `i` changes by `delta` at time `now` (never before its last change).
  void change(std::size_t i, double now, double delta) {
    integral_[i] += level_[i] * (now - since_[i]);
    since_[i] = now;
    level_[i] += delta;
  }
  double level(std::size_t i) const { return level_[i]; }
  //! The integral of level `i` over time from 0 to `now` (level x days).
  double integral(std::size_t i, double now) const { return integral_[i] + level_[i] * (now - since_[i]); }

 private:
  std::vector<double> level_, integral_, since_;
};

}  // namespace caseflow
