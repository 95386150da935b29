//===----------------------------------------------------------------------===//
// event_queue.h: the time-ordered event list of a discrete-event simulation
//
// Events are ordered by (time, insertion sequence): two events at the same
// time run in the order they were scheduled, so a run is a pure function of
// its seed. Events can be cancelled in O(1) (lazy deletion: a cancelled entry
// stays in the heap, its sequence no longer its slot's, and is skipped when it
// surfaces); rescheduling is cancel + schedule.
//
// The heap holds 16-byte keys (time, sequence, slot) and payloads wait in
// their slots, so that a 4-ary node's children take 64 bytes, and a pop
// prefetches the grandchildren while it compares the children: a pop is a
// chain of dependent loads, one level at a time (docs/performance-history.md, fourth
// pass). A calendar queue of day-wide buckets was tried and was slower here.
//
// Memory is proportional to the number of pending events: slots of fired and
// cancelled events are reused.
//
// Two tiers at a large size. A pop walks the heap from root to leaf, and with
// hundreds of thousands pending its lower levels are cache misses at every
// level. Most pending events are weeks or months away, so from kBucketFrom
// slots on (about the most events pending at once), an event at or after the
// frontier (a week boundary) and within kBucketWeeks of it waits in an
// unsorted bucket of its week instead (later ones, and infinite times, go
// into the heap); a week's bucket enters the heap when the heap has nothing
// left before the frontier, which then moves on a week. The heap holds the
// next week or so (at an England-sized authority some 30,000 events of
// 290,000), and scheduling a later event is an append. The pop order is the
// same: it depends only on the set of keys, and the heap's top is always
// earlier than every bucketed key (issue 24, session 20).
//
// A queue given a horizon never fires an event at or after it: such an event
// takes its sequence number and a slot (so its handle is pending, and can be
// cancelled, exactly as before) but no place in the heap, whose pops are the
// queue's cost. A simulation that stops at the horizon sees the same events
// in the same order, since sequence numbers (the tie-break) are taken as
// before; its heap holds only what can still fire (issue 24, session 13).
//
// An event the caller keeps outside the queue (e.g. a simulation's single
// pending arrival) can still be ordered exactly as if it were queued: take a
// sequence number with reserve_sequence() when it is planned, and compare it
// with the queue's next event with precedes_next().
//===----------------------------------------------------------------------===//
#pragma once

#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "caseflow/engine/large_array.h"

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

  //! A queue whose events all fire in time order.
  EventQueue() = default;
  //! A queue for a simulation that stops at `horizon` (not NaN): an event at
  //! or after it is pending until cancelled but never fires (pop, next_time
  //! and precedes_next behave as if it were not there).
  explicit EventQueue(double horizon) : horizon_(horizon), has_horizon_(true) {
    assert(horizon == horizon && "horizon is NaN");
  }

  //! Schedules `payload` at `time` (days). Times must not be NaN. Throws
  //! std::length_error once 2^32 - 1 sequence numbers (events scheduled and
  //! reserved) have been used in the queue's life: they are 32 bits, and a
  //! replication uses hundreds of thousands.
  EventHandle schedule(double time, Payload payload) {
    assert(time == time && "event time is NaN");
    const std::uint32_t sequence = take_sequence();  // first: it may throw
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(Slot{kFree, Payload{}});
      // The queue grows (the checks are here, where a new most-pending is
      // reached, so that a small queue's events pay nothing for them).
      fetch_slots_ = slots_.size() >= kFetchSlotsFrom;
      if (slots_.size() >= kBucketFrom && frontier_ == kNoFrontier && !heap_.empty()) [[unlikely]] start_buckets();
    }
    slots_[slot].sequence = sequence;
    slots_[slot].payload = std::move(payload);
    ++live_;
    if (has_horizon_ && time >= horizon_) return EventHandle{slot, sequence};  // cannot fire
    const Key key = make_key(time, sequence, slot);
    if (time < frontier_) push(key);  // every finite time, without week buckets
    else schedule_later(key, time);
    return EventHandle{slot, sequence};
  }

  //! Cancels a pending event; returns false if it already fired or was cancelled.
  bool cancel(EventHandle handle) {
    if (!is_pending(handle)) return false;
    release(handle.slot);
    --live_;
    return true;
  }

  bool is_pending(EventHandle handle) const {
    // A handle's generation is its event's sequence number, unique for the
    // queue's life: a released or reused slot never matches an old handle.
    return handle.slot < slots_.size() && slots_[handle.slot].sequence == handle.generation;
  }

  //! Number of pending (not cancelled) events, those past the horizon included.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  //! Time of the next live event, or +infinity when none is pending.
  double next_time() {
    drop_stale();
    return heap_.empty() ? std::numeric_limits<double>::infinity() : time_of(heap_.front());
  }

  //! Takes the sequence number schedule() would give the next event, for an
  //! event kept outside the queue that must tie-break as if scheduled now.
  std::uint64_t reserve_sequence() { return take_sequence(); }

  //! Whether an outside event at (time, sequence), its sequence from
  //! reserve_sequence(), comes before the next live event; true when none is
  //! pending. Times must not be NaN.
  bool precedes_next(double time, std::uint64_t sequence) {
    assert(time == time && "event time is NaN");
    assert(sequence < kFree && "not a sequence from reserve_sequence()");
    drop_stale();
    // Sequences are unique, so the slot part of the heap's key never decides.
    return heap_.empty() || make_key(time, static_cast<std::uint32_t>(sequence), 0) < heap_.front();
  }

  //! Removes and returns the next live event; nullopt when none is pending
  //! before the horizon.
  std::optional<Event> pop() {
    drop_stale();
    if (heap_.empty()) return std::nullopt;
    const Key top = heap_.front();
    remove_top();
    settle();
    // The event after next is one of the root's children: fetch their slots
    // now, so that reading the next event's slot (its staleness, or a
    // caller's peek_payload()) after the next pop finds it in cache. Each
    // slot was last touched when its event was scheduled, and with hundreds
    // of thousands pending it is a cache miss, paid at once where the
    // payload is read straight after a pop (issue 24, session 19). (Written
    // here, not as a function of its own: GCC finds a function that only
    // prefetches free of side effects, and drops the call.)
    if (fetch_slots_ && heap_.size() > kArity * (kArity + 1)) {
      for (std::size_t child = 1; child <= kArity; ++child) __builtin_prefetch(slots_.data() + slot_of(heap_[child]));
      // And the children of the root's earliest child, which is the root
      // after the next pop: a caller reading the event after next
      // (peek_after_next_payload) then finds its slot fetched an event earlier.
      const std::size_t next_root = earlier_of(earlier_of(1, 2), earlier_of(3, 4));
      for (std::size_t child = next_root * kArity + 1; child <= next_root * kArity + kArity; ++child)
        __builtin_prefetch(slots_.data() + slot_of(heap_[child]));
    }
    const std::uint32_t slot = slot_of(top);
    Event event{time_of(top), std::move(slots_[slot].payload)};
    release(slot);
    --live_;
    return event;
  }

  //! The payload of the entry at the top of the queue, which is usually the
  //! next event (nullptr if none; it may be a cancelled one): for a caller
  //! that prefetches what the next event will touch. Reads the slot only.
  const Payload* peek_payload() const {
    return heap_.empty() ? nullptr : &slots_[slot_of(heap_.front())].payload;
  }

  //! The payload of the entry most likely to come after the top: the
  //! earliest of the root's children (nullptr if the heap has no second
  //! entry; a hint only: it may be a cancelled one, an event scheduled
  //! before the top fires can come first, and with week buckets the event
  //! after next may still wait in a bucket). Its slot is read (the pop
  //! before fetched it, from kFetchSlotsFrom slots). For a caller that
  //! fetches what events will touch two ahead, where one ahead is too late
  //! for what is reached through a record that is itself a cache miss.
  const Payload* peek_after_next_payload() const {
    const std::size_t n = heap_.size();
    if (n < 2) return nullptr;
    std::size_t best = 1;
    for (std::size_t child = 2; child <= kArity && child < n; ++child) best = earlier_of(best, child);
    return &slots_[slot_of(heap_[best])].payload;
  }

  //! The handle's slot, for a caller that fetches it before cancelling it.
  const void* slot_address(EventHandle handle) const {
    return handle.slot < slots_.size() ? static_cast<const void*>(slots_.data() + handle.slot) : nullptr;
  }

  //! Empties the queue and invalidates every handle (keeps the heap's and the slots' capacity).
  void clear() {
    heap_.clear();
    buckets_.clear();  // (the buckets stay on: the next later event moves the frontier)
    bucketed_ = 0;
    free_slots_.clear();
    for (std::size_t slot = slots_.size(); slot-- > 0;) {
      slots_[slot].sequence = kFree;
      free_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
    live_ = 0;
  }

  //! Entries in the heap and the week buckets, cancelled ones included, those
  //! past the horizon not (for memory accounting).
  std::size_t heap_entries() const { return heap_.size() + bucketed_; }
  //! Entries waiting in week buckets, outside the heap (none below kBucketFrom).
  std::size_t bucketed_entries() const { return bucketed_; }

  //! Slots (about the most events pending at once) from which later events wait in week buckets.
  static constexpr std::size_t kBucketFrom = 32768;
  //! A bucket's width in days, and how many weeks ahead are bucketed (later
  //! events, some 20 years on, go into the heap).
  static constexpr double kBucketDays = 7.0;
  static constexpr std::int64_t kBucketWeeks = 1024;

 private:
  // An entry is one unsigned 128-bit number: the time's bits (ordered as
  // unsigned integers), then the 32-bit sequence, then the 32-bit slot that
  // holds the payload. Comparing two entries is one comparison the compiler
  // turns into a conditional move (which entry is earlier is unpredictable,
  // and a branch on it mispredicts), and four children take 64 bytes (two
  // lines at most: aligning them to one line was measured, and gained nothing).
  __extension__ typedef unsigned __int128 Key;

  struct Slot {
    std::uint32_t sequence;  // of the pending event in this slot; kFree if none
    Payload payload;
  };

  static constexpr std::uint32_t kFree = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

  std::uint32_t take_sequence() {
    if (next_sequence_ == kFree) throw std::length_error("event queue: more than 4,294,967,294 events scheduled");
    return next_sequence_++;
  }

  // A double's bits with the sign bit flipped for positives and all bits
  // flipped for negatives order as unsigned integers as the values do.
  static Key make_key(double time, std::uint32_t sequence, std::uint32_t slot) {
    time += 0.0;  // -0.0 becomes +0.0: equal times must tie on the sequence
    const auto bits = std::bit_cast<std::uint64_t>(time);
    const auto flip = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63) | kSignBit;
    return (static_cast<Key>(bits ^ flip) << 64) | (static_cast<Key>(sequence) << 32) | slot;
  }

  static double time_of(Key key) {
    const auto ordered = static_cast<std::uint64_t>(key >> 64);
    const std::uint64_t flip = ((ordered >> 63) - 1) | kSignBit;
    return std::bit_cast<double>(ordered ^ flip);
  }
  static std::uint32_t sequence_of(Key key) { return static_cast<std::uint32_t>(key >> 32); }
  static std::uint32_t slot_of(Key key) { return static_cast<std::uint32_t>(key); }

  bool is_stale(Key key) const { return slots_[slot_of(key)].sequence != sequence_of(key); }

  void release(std::uint32_t slot) {
    slots_[slot].sequence = kFree;
    free_slots_.push_back(slot);
  }

  void drop_stale() {
    while (!heap_.empty() && is_stale(heap_.front())) {
      remove_top();
      settle();
    }
  }

  void push(Key key) {
    heap_.push_back(key);
    sift_up(heap_.size() - 1);
  }

  //! The week bucket whose span [b * kBucketDays, (b + 1) * kBucketDays) holds
  //! `time` (finite), exactly: the division's rounding is corrected.
  static std::int64_t week_of(double time) {
    auto b = static_cast<std::int64_t>(std::floor(time / kBucketDays));
    if (time < static_cast<double>(b) * kBucketDays) --b;
    else if (time >= static_cast<double>(b + 1) * kBucketDays) ++b;
    return b;
  }

  //! Whether an event at `time` waits in a bucket: it is at or after the
  //! frontier and within the weeks bucketed.
  bool bucketed_time(double time) const {
    return !(time < frontier_) && time < frontier_ + static_cast<double>(kBucketWeeks) * kBucketDays;
  }

  //! Puts `key` (at `time`, not before the frontier) in its week's bucket;
  //! false if its week is beyond those bucketed (it goes into the heap).
  bool bucket(Key key, double time) {
    if (!bucketed_time(time)) return false;
    const auto i = static_cast<std::size_t>(week_of(time) - next_week_);
    if (buckets_.size() <= i) buckets_.resize(i + 1);
    buckets_[i].push_back(key);
    ++bucketed_;
    return true;
  }

  //! An event at or after the frontier: into its week's bucket, or the heap
  //! if its week is beyond them, then the heap is settled (it may have been empty).
  [[gnu::noinline]] void schedule_later(Key key, double time) {
    // With nothing bucketed, every event is in the heap, and the frontier may
    // move anywhere after the heap's top: where the top (or this event, in
    // an empty heap) has run past it, it moves to the week after, so that
    // later events are bucketed again (after clear(), or a lull of years).
    if (bucketed_ == 0) {
      const double first = heap_.empty() ? time : time_of(heap_.front());
      if (!(first < frontier_) && std::fabs(first) < kLargestWeekTime) {
        next_week_ = week_of(first) + 1;
        frontier_ = static_cast<double>(next_week_) * kBucketDays;
      }
    }
    if (time < frontier_ || !bucket(key, time)) push(key);
    settle();
  }

  //! Keeps the heap's top earlier than every bucketed key: while the heap has
  //! nothing before the frontier, the next week's bucket enters it.
  void settle() {
    if (bucketed_ > 0 && (heap_.empty() || !(time_of(heap_.front()) < frontier_))) next_weeks();
  }
  // (Out of line, as start_buckets: once a week, and kept out of the pop's and
  // schedule's code, which the small heaps of most scenarios run alone.)
  [[gnu::noinline]] void next_weeks() {
    while (bucketed_ > 0 && (heap_.empty() || !(time_of(heap_.front()) < frontier_))) {
      // Room first, so that a failed allocation leaves the week in its bucket.
      const std::size_t needed = heap_.size() + buckets_.front().size();
      if (heap_.capacity() < needed) heap_.reserve(std::max(needed, 2 * heap_.capacity()));
      std::vector<Key> week = std::move(buckets_.front());
      buckets_.pop_front();
      ++next_week_;
      frontier_ = static_cast<double>(next_week_) * kBucketDays;
      bucketed_ -= week.size();
      for (const Key key : week) push(key);
    }
  }

  //! The queue has grown to kBucketFrom slots: the frontier is set after the
  //! week of the heap's top, the heap's entries in the weeks bucketed move
  //! to buckets, and the rest are made a heap again. (Not with a top at a
  //! time beyond kLargestWeekTime: tried again at the next new slot.)
  [[gnu::noinline]] void start_buckets() {
    const double first = time_of(heap_.front());
    if (!(std::fabs(first) < kLargestWeekTime)) return;
    next_week_ = week_of(first) + 1;
    frontier_ = static_cast<double>(next_week_) * kBucketDays;
    // The buckets are filled before the heap changes: if an allocation
    // fails, the buckets are dropped and the queue is as it was.
    try {
      for (const Key key : heap_) bucket(key, time_of(key));
    } catch (...) {
      buckets_.clear();
      bucketed_ = 0;
      frontier_ = kNoFrontier;
      throw;
    }
    std::size_t kept = 0;
    for (const Key key : heap_)
      if (!bucketed_time(time_of(key))) heap_[kept++] = key;
    // Made a heap again by pushing them in turn (a shrink and moves: nothing allocates).
    heap_.resize(kept);
    for (std::size_t i = 1; i < kept; ++i) sift_up(i);
  }

  // The hole at the root moves down to a leaf along the earliest children,
  // and the last entry then moves up from there into place. The last entry
  // nearly always belongs near the bottom, so this saves comparing it at every
  // level on the way down (and mispredicting where it stops).
  void remove_top() {
    const Key last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    const std::size_t hole = move_hole_to_leaf(0);
    heap_[hole] = last;
    sift_up(hole);
  }

  // Below this many slots (about the most events pending at once) they stay
  // in cache, and fetching them ahead only costs instructions. (Counted in
  // slots, not heap entries: with week buckets the heap is a fraction of
  // what is pending, and the slots are spread over all of it.)
  static constexpr std::size_t kFetchSlotsFrom = 32768;
  // A 4-ary heap: shallower than a binary heap, and the four children take
  // 64 bytes, which matters with thousands of pending events.
  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t i) {
    const Key moving = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!(moving < heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }

  // Index of the earlier of entries i and j, without a branch.
  std::size_t earlier_of(std::size_t i, std::size_t j) const {
    const std::size_t pick_j = 0 - static_cast<std::size_t>(heap_[j] < heap_[i]);
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
        // The grandchildren: one of these four lines is next, and the
        // comparisons below are time enough to bring them in from L2.
        const std::size_t grandchildren = first * kArity + 1;
        if (grandchildren < n) {
          // Addresses as integers: the last lines may lie past the end, where
          // a prefetch is harmless but pointer arithmetic is not allowed.
          const auto g = reinterpret_cast<std::uintptr_t>(heap_.data()) + grandchildren * sizeof(Key);
          for (std::uintptr_t line = 0; line < 4; ++line)
            __builtin_prefetch(reinterpret_cast<const void*>(g + line * 4 * sizeof(Key)));
        }
        // All four children: a branch-free tournament.
        best = earlier_of(earlier_of(first, first + 1), earlier_of(first + 2, first + 3));
      } else if (first < n) {
        best = first;
        for (std::size_t c = first + 1; c < n; ++c) best = earlier_of(best, c);
      } else {
        return i;
      }
      heap_[i] = heap_[best];
      i = best;
    }
  }

  LargeVector<Key> heap_;
  LargeVector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint32_t next_sequence_ = 0;
  std::size_t live_ = 0;
  double horizon_ = 0.0;
  bool has_horizon_ = false;
  bool fetch_slots_ = false;  // there are kFetchSlotsFrom slots or more
  // The week buckets (two tiers, above): buckets_[i] holds the keys of week
  // next_week_ + i; every key before frontier_ is in the heap. Without
  // buckets the frontier is infinite and every key goes into the heap.
  // (After the members every event reads.)
  static constexpr double kNoFrontier = std::numeric_limits<double>::infinity();
  // Weeks are counted as integers, exactly, for times within this of zero.
  static constexpr double kLargestWeekTime = 1e15;
  double frontier_ = kNoFrontier;
  std::size_t bucketed_ = 0;
  std::int64_t next_week_ = 0;
  std::deque<std::vector<Key>> buckets_;
};

}  // namespace caseflow
