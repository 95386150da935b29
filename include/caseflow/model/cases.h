//===----------------------------------------------------------------------===//
// cases.h: the children of one replication and the cases that hold them
//
// A case is a group of children (siblings, or one child) who move through the
// pathway together. The book owns both record kinds and reuses the slots of
// closed ones, so a long run's memory stays flat. What a case is doing (its
// state, its next move, its worker or queue place) is written by the pathway
// flow and allocation modules; the book only keeps the records.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "caseflow/engine/large_array.h"

#include "caseflow/model/replication_context.h"

namespace caseflow::model {

struct Child {
  double birth = 0.0;
  double last_closure = -kNever;
  bool had_cp = false;
  //! While looked after (placements.h): the placement type in the low 7 bits,
  //! and the top bit set in a place a shift lever made. Fits the padding.
  std::uint8_t placement = 0;
  std::uint16_t worker_changes = 0;
  std::int32_t last_worker = -1;
  double care_start = kNaN;  // when this episode in care began (NaN: not in care)
};

struct Case {
  boost::container::small_vector<std::uint32_t, 4> children;
  std::uint32_t state = kOutside;
  std::uint32_t next_state = kOutside;
  bool dormant = false;  // closed, waiting to be re-referred
  EventHandle move_event;
  double move_time = kNever;
  EventHandle adulthood_event;
  //! When its first child reaches adulthood (kNever with no children): kept
  //! by CaseBook::children_changed, so that a move need not read every
  //! child's record (a cache miss each at a large authority; issue 24).
  double first_adulthood = kNever;
  static_assert(kMaxTimescales == 4, "clock_start starts every clock stopped (NaN): one kNaN per timescale");
  std::array<double, kMaxTimescales> clock_start{kNaN, kNaN, kNaN, kNaN};  // timeliness.h
  // Allocation (workforce scenarios only; allocation.h).
  std::uint32_t locality = 0;
  std::int32_t worker = -1;        // allocated social worker
  std::uint32_t worker_slot = 0;   // where it was put in the worker's case list (a hint: a release may move it)
  double weight = 0.0;             // weighted caseload per child it counts for now
  std::int32_t queued_team = -1;   // team whose unallocated queue it is in
  std::uint32_t queue_token = 0;   // bumps on leaving a queue: stale queue entries are skipped
  double queued_since = 0.0;
  //! When its move to permanence was drawn (NaN: no such move is pending);
  //! the clock of workforce.permanence_hazard starts then.
  double permanence_since = kNaN;
  //! Its own random stream (random.h): set by whoever makes the case, from
  //! the family's arrival, the opening caseload's order, or the case it split from.
  CaseRandom rng;
};

class CaseBook {
 public:
  //! `expected_cases`: room made at once, so that the records are not copied
  //! as they grow (growing to the default scenario's size cost about 3% of a
  //! replication in copies); more are added as needed.
  CaseBook(ReplicationContext& context, double adulthood_age, std::size_t expected_cases)
      : ctx_(context), adulthood_days_(adulthood_age * kDaysPerYear) {
    cases_.reserve(expected_cases);
    states_.reserve(expected_cases);
    children_.reserve(expected_cases * 2);
  }

  //! A child record for a child of this age now.
  std::uint32_t new_child(double age_years) {
    const std::uint32_t id = take_slot(children_, free_children_);
    children_[id] = Child{ctx_.now - age_years * kDaysPerYear, -kNever, false};
    if (numbering_) [[unlikely]] number_child(id);
    return id;
  }

  //! From now on each new child gets a number, 0, 1, 2, ... in the order the
  //! children are made (records are reused, numbers are not): the child id of
  //! recorded episodes (episode_log.h). Numbering draws nothing.
  void number_children() { numbering_ = true; }
  std::uint64_t number(std::uint32_t child) const { return numbers_[child]; }
  //! The number the next child made will get.
  std::uint64_t next_number() const { return next_number_; }
  //! Numbers for children who are never given a record (a contact closed at once).
  void skip_numbers(std::uint64_t n) { next_number_ += n; }

  //! An empty case, outside the pathway. References to cases are invalid after it.
  std::uint32_t new_case() {
    const std::uint32_t id = take_slot(cases_, free_cases_);
    // The queue token survives reuse, so stale queue entries of the case's
    // previous occupant never match it.
    Case& c = cases_[id];
    const std::uint32_t token = c.queue_token + 1;
    // Rebuilt in place by its member initializers: assigning a Case{}
    // temporary zeroed one on the stack and copied it over, stalling on store
    // forwarding (10% of a peer-model run), and Case{} or construct_at would
    // zero all 150 bytes before initialising them.
    std::destroy_at(&c);
    ::new (&c) Case;
    c.queue_token = token;
    // A slot is reused or the next new one (take_slot adds one at a time).
    if (id == states_.size()) states_.push_back(kOutside);
    else states_[id] = kOutside;
    return id;
  }

  //! Gives back a case and its children's records; its events are cancelled.
  void release_case(std::uint32_t id) {
    Case& c = cases_[id];
    ctx_.queue.cancel(c.move_event);
    ctx_.queue.cancel(c.adulthood_event);
    for (auto child : c.children) free_children_.push_back(child);
    c.children.clear();
    set_state(id, kOutside);
    free_cases_.push_back(id);
  }

  //! Gives back the record of a child who is no longer in any case.
  void release_child(std::uint32_t child) { free_children_.push_back(child); }

  Case& operator[](std::uint32_t id) { return cases_[id]; }
  const Case& operator[](std::uint32_t id) const { return cases_[id]; }
  Child& child(std::uint32_t id) { return children_[id]; }
  const Child& child(std::uint32_t id) const { return children_[id]; }
  //! Every case slot, closed ones included (their state is kOutside).
  const LargeVector<Case>& all() const { return cases_; }
  //! Puts the case in state `s` (kOutside: closed). Every change of a case's
  //! state goes through here, so that states() follows it.
  void set_state(std::uint32_t id, std::uint32_t s) {
    cases_[id].state = s;
    states_[id] = s;
  }
  //! Every case slot's state, as in its record: a scan of all cases for
  //! those in some states reads 4 bytes a case here, not the case's record (at
  //! a large authority's size a cache miss each; issue 24).
  const std::vector<std::uint32_t>& states() const { return states_; }
  std::size_t child_slots() const { return children_.size(); }

  double adulthood_time(std::uint32_t child) const { return children_[child].birth + adulthood_days_; }
  //! The earliest adulthood among the case's children, from their records.
  double first_adulthood_of(std::uint32_t id) const {
    double first = kNever;
    for (auto child : cases_[id].children) first = std::min(first, adulthood_time(child));
    return first;
  }
  //! Case `id`'s children changed (added, removed): its first_adulthood follows.
  void children_changed(std::uint32_t id) { cases_[id].first_adulthood = first_adulthood_of(id); }

  //! Whether there are so many case slots that their records no longer stay
  //! in cache (about 10 MB of case, child and workload records at 20,000):
  //! then fetching records two events ahead pays; below, it costs
  //! instructions and saves nothing (at Manchester's size: +2.7%; issue 24).
  bool beyond_cache() const { return cases_.size() >= 20000; }
  //! Starts fetching the records of case `id`'s children, reading its record
  //! (which should be in cache: fetched with prefetch() an event earlier).
  [[gnu::always_inline]] void prefetch_children(std::uint32_t id) const {
    for (const std::uint32_t child : cases_[id].children) __builtin_prefetch(children_.data() + child);
  }
  //! Starts fetching a case that an event will soon need: the whole record
  //! (three cache lines; its allocation and clock fields lie past the first),
  //! which at a large authority's size is in no cache (issue 24). (Always
  //! inlined: see Workload::prefetch.)
  [[gnu::always_inline]] void prefetch(std::uint32_t id) const {
    const char* record = reinterpret_cast<const char*>(cases_.data() + id);
    for (std::size_t line = 0; line < sizeof(Case); line += 64) __builtin_prefetch(record + line);
    __builtin_prefetch(record + sizeof(Case) - 1);
    __builtin_prefetch(states_.data() + id);  // a move writes it (set_state)
  }

 private:
  //! A free slot's index if there is one, else a new slot's.
  template <class Record>
  static std::uint32_t take_slot(LargeVector<Record>& records, std::vector<std::uint32_t>& free) {
    if (free.empty()) {
      records.emplace_back();
      return static_cast<std::uint32_t>(records.size() - 1);
    }
    const std::uint32_t id = free.back();
    free.pop_back();
    return id;
  }

  void number_child(std::uint32_t id) {
    if (numbers_.size() <= id) numbers_.resize(id + 1);
    numbers_[id] = next_number_++;
  }

  ReplicationContext& ctx_;
  double adulthood_days_;
  bool numbering_ = false;
  std::uint64_t next_number_ = 0;
  std::vector<std::uint64_t> numbers_;  // by child record, when numbering
  LargeVector<Child> children_;
  std::vector<std::uint32_t> free_children_;
  LargeVector<Case> cases_;
  std::vector<std::uint32_t> states_;  // by case slot: cases_[id].state (set_state)
  std::vector<std::uint32_t> free_cases_;
};

}  // namespace caseflow::model
