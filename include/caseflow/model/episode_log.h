//===----------------------------------------------------------------------===//
// episode_log.h: each child's spells in the pathway's states, recorded when
// a run asks for them (ModelOptions::episode_replications)
//
// An episode is one child's time in one state: when it began, when it ended
// and the state the child went to. The log only writes down what the pathway
// flow does: it draws nothing and changes no count, so a replication's other
// results are the same with it as without it. Case-level calibration
// (runner/episode_fit.h) reads episodes back.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

#include "caseflow/model/replication.h"
#include "caseflow/model/replication_context.h"

namespace caseflow::model {

class EpisodeLog {
 public:
  explicit EpisodeLog(std::vector<Episode>& out) : out_(out) {}
  //! Child `number` (in child record `slot`) begins an episode in `state` at
  //! `start` (NaN: found there at the start of the run).
  void open(std::uint64_t number, std::uint32_t slot, std::uint32_t state, double start) {
    if (open_.size() <= slot) open_.resize(slot + 1, kNone);
    open_[slot] = out_.size();
    out_.push_back({number, state, Episode::kOpen, start, kNaN});
  }
  //! The child in record `slot` leaves its state for `to` now.
  void close(std::uint32_t slot, std::uint32_t to, double end) {
    if (slot >= open_.size() || open_[slot] == kNone) return;
    Episode& e = out_[open_[slot]];
    e.to = to;
    e.end = end;
    open_[slot] = kNone;
  }
  //! An episode that begins and ends at `at` (a contact closed at once,
  //! which never has a child record).
  void instant(std::uint64_t number, std::uint32_t state, std::uint32_t to, double at) {
    out_.push_back({number, state, to, at, at});
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<Episode>& out_;
  std::vector<std::size_t> open_;  // by child record: its open episode in out_
};

}  // namespace caseflow::model
