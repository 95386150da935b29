//===----------------------------------------------------------------------===//
// event_queue.h: the time-ordered event list of a discrete-event simulation
//
// Events are ordered by (time, insertion sequence): two events at the same
// time run in the order they were scheduled, so a run is a pure function of
// its seed. Events can be cancelled in O(1) (lazy deletion: a cancelled entry
// stays in the heap with a stale generation and is skipped when it surfaces);
// rescheduling is cancel + schedule.
//
// Memory is proportional to the number of pending events: slots of fired and
// cancelled events are reused.
//
// An event the caller keeps outside the queue (e.g. a simulation's single
// pending arrival) can still be ordered exactly as if it were queued: take a
// sequence number with reserve_sequence() when it is planned, and compare it
// with the queue's next event with precedes_next().
//===----------------------------------------------------------------------===//
#pragma once

#include <bit>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace caseflow {

//! Identifies a scheduled event so that it can be cancelled. A handle of an
//! event that has fired or been cancelled is harmless: cancelling it is a no-op.
struct EventHandle {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

template <class Payload>
class EventQueue {
 public:
  struct Event {
    double time;
    Payload payload;
  };

  //! Schedules `payload` at `time` (days). Times must not be NaN.
  EventHandle schedule(double time, Payload payload) {
    assert(time == time && "event time is NaN");
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(generations_.size());
      generations_.push_back(0);
    }
    const EventHandle handle{slot, generations_[slot]};
    heap_.push_back(Entry{make_key(time, next_sequence_++), handle, std::move(payload)});
    sift_up(heap_.size() - 1);
    ++live_;
    return handle;
  }

  //! Cancels a pending event; returns false if it already fired or was cancelled.
  bool cancel(EventHandle handle) {
    if (!is_pending(handle)) return false;
    release(handle.slot);
    --live_;
    return true;
  }

  bool is_pending(EventHandle handle) const {
    // A released slot's generation has moved on, so old handles never match.
    return handle.valid() && handle.slot < generations_.size() &&
           generations_[handle.slot] == handle.generation;
  }

  //! Number of pending (not cancelled) events.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  //! Time of the next live event, or +infinity when none is pending.
  double next_time() {
    drop_stale();
    return heap_.empty() ? std::numeric_limits<double>::infinity() : time_of(heap_.front().key);
  }

  //! Takes the sequence number schedule() would give the next event, for an
  //! event kept outside the queue that must tie-break as if scheduled now.
  std::uint64_t reserve_sequence() { return next_sequence_++; }

  //! Whether an outside event at (time, sequence), its sequence from
  //! reserve_sequence(), comes before the next live event; true when none is
  //! pending. Times must not be NaN.
  bool precedes_next(double time, std::uint64_t sequence) {
    assert(time == time && "event time is NaN");
    drop_stale();
    return heap_.empty() || make_key(time, sequence) < heap_.front().key;
  }

  //! Removes and returns the next live event; nullopt when none is pending.
  std::optional<Event> pop() {
    drop_stale();
    if (heap_.empty()) return std::nullopt;
    Entry top = std::move(heap_.front());
    remove_top();
    release(top.handle.slot);
    --live_;
    return Event{time_of(top.key), std::move(top.payload)};
  }

  //! Empties the queue and invalidates every handle (keeps allocated capacity).
  void clear() {
    for (std::size_t slot = 0; slot < generations_.size(); ++slot) ++generations_[slot];
    heap_.clear();
    free_slots_.clear();
    for (std::size_t slot = generations_.size(); slot-- > 0;)
      free_slots_.push_back(static_cast<std::uint32_t>(slot));
    live_ = 0;
  }

  //! Entries in the heap, cancelled ones included (for memory accounting).
  std::size_t heap_entries() const { return heap_.size(); }

 private:
  // (time, sequence) as one unsigned 128-bit number, so that comparing two
  // entries is one comparison the compiler can turn into a conditional move:
  // which entry is earlier is unpredictable, and a branch on it mispredicts.
  __extension__ typedef unsigned __int128 Key;

  struct Entry {
    Key key;
    EventHandle handle;
    Payload payload;
  };

  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

  // A double's bits with the sign bit flipped for positives and all bits
  // flipped for negatives order as unsigned integers as the values do.
  static Key make_key(double time, std::uint64_t sequence) {
    time += 0.0;  // -0.0 becomes +0.0: equal times must tie on the sequence
    const auto bits = std::bit_cast<std::uint64_t>(time);
    const auto flip = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63) | kSignBit;
    return (static_cast<Key>(bits ^ flip) << 64) | sequence;
  }

  static double time_of(Key key) {
    const auto ordered = static_cast<std::uint64_t>(key >> 64);
    const std::uint64_t flip = ((ordered >> 63) - 1) | kSignBit;
    return std::bit_cast<double>(ordered ^ flip);
  }

  static bool earlier(const Entry& a, const Entry& b) { return a.key < b.key; }

  bool is_stale(const Entry& e) const { return generations_[e.handle.slot] != e.handle.generation; }

  void release(std::uint32_t slot) {
    ++generations_[slot];
    free_slots_.push_back(slot);
  }

  void drop_stale() {
    while (!heap_.empty() && is_stale(heap_.front())) remove_top();
  }

  // The hole at the root moves down to a leaf along the earliest children,
  // and the last entry then moves up from there into place. The last entry
  // nearly always belongs near the bottom, so this saves comparing it at every
  // level on the way down (and mispredicting where it stops).
  void remove_top() {
    Entry last = std::move(heap_.back());
    heap_.pop_back();
    if (heap_.empty()) return;
    const std::size_t hole = move_hole_to_leaf(0);
    heap_[hole] = std::move(last);
    sift_up(hole);
  }

  // A 4-ary heap: shallower than a binary heap, and the four children share
  // a cache line or two, which matters with thousands of pending events.
  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t i) {
    Entry moving = std::move(heap_[i]);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!earlier(moving, heap_[parent])) break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(moving);
  }

  // Index of the earlier of entries i and j, without a branch.
  std::size_t earlier_of(std::size_t i, std::size_t j) const {
    const std::size_t pick_j = 0 - static_cast<std::size_t>(heap_[j].key < heap_[i].key);
    return i ^ ((i ^ j) & pick_j);
  }

  // Moves the earliest child up into the vacant entry i, level by level, and
  // returns where the vacancy ends up: a leaf.
  std::size_t move_hole_to_leaf(std::size_t i) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = i * kArity + 1;
      std::size_t best;
      if (first + kArity <= n) {
        // All four children: a branch-free tournament.
        best = earlier_of(earlier_of(first, first + 1), earlier_of(first + 2, first + 3));
      } else if (first < n) {
        best = first;
        for (std::size_t c = first + 1; c < n; ++c) best = earlier_of(best, c);
      } else {
        return i;
      }
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
  }

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> generations_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
};

}  // namespace caseflow
