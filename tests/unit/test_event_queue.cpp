#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <unordered_map>
#include <utility>
#include <vector>

#include "caseflow/engine/event_queue.h"

using caseflow::EventQueue;

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue<int> q;
  q.schedule(3.0, 3);
  q.schedule(1.0, 1);
  q.schedule(2.0, 2);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.pop()->payload, 1);
  EXPECT_EQ(q.pop()->payload, 2);
  EXPECT_EQ(q.pop()->payload, 3);
  EXPECT_FALSE(q.pop().has_value());
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, EqualTimesRunInSchedulingOrder) {
  EventQueue<int> q;
  for (int i = 0; i < 100; ++i) q.schedule(5.0, i);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(q.pop()->payload, i);
}

TEST(EventQueue, CancelledEventsNeverFire) {
  EventQueue<int> q;
  auto a = q.schedule(1.0, 1);
  q.schedule(2.0, 2);
  auto c = q.schedule(3.0, 3);
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a)) << "cancelling twice is a no-op";
  EXPECT_TRUE(q.cancel(c));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_DOUBLE_EQ(q.next_time(), 2.0);
  EXPECT_EQ(q.pop()->payload, 2);
  EXPECT_FALSE(q.pop().has_value());
}

TEST(EventQueue, HandleOfAFiredEventCannotCancelItsSlotsNextUser) {
  EventQueue<int> q;
  auto first = q.schedule(1.0, 1);
  EXPECT_EQ(q.pop()->payload, 1);
  auto second = q.schedule(2.0, 2);  // reuses the slot
  EXPECT_EQ(first.slot, second.slot);
  EXPECT_FALSE(q.cancel(first));
  EXPECT_TRUE(q.is_pending(second));
  EXPECT_EQ(q.pop()->payload, 2);
}

TEST(EventQueue, RescheduleIsCancelPlusSchedule) {
  EventQueue<int> q;
  auto plan_end = q.schedule(100.0, 7);
  q.schedule(50.0, 5);
  ASSERT_TRUE(q.cancel(plan_end));  // the plan ends early
  q.schedule(20.0, 7);
  EXPECT_EQ(q.pop()->payload, 7);
  EXPECT_EQ(q.pop()->payload, 5);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, ClearInvalidatesHandles) {
  EventQueue<int> q;
  auto h = q.schedule(1.0, 1);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.cancel(h));
  q.schedule(2.0, 2);
  EXPECT_EQ(q.pop()->payload, 2);
}

// The hold model with random cancellations, against an ordered multimap keyed
// by (time, sequence) as the reference.
TEST(EventQueue, MatchesAReferenceUnderRandomHoldsAndCancellations) {
  EventQueue<std::uint64_t> q;
  std::map<std::pair<double, std::uint64_t>, caseflow::EventHandle> reference;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> delay(0.0, 10.0);
  std::uint64_t sequence = 0;
  double now = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double t = std::floor(delay(rng));  // integer times force many ties
    reference[{t, sequence}] = q.schedule(t, sequence);
    ++sequence;
  }
  for (int step = 0; step < 200000; ++step) {
    if (rng() % 5 == 0 && !reference.empty()) {
      auto it = reference.begin();
      std::advance(it, static_cast<long>(rng() % reference.size()));
      ASSERT_TRUE(q.cancel(it->second));
      reference.erase(it);
      // A withdrawn plan is replaced by a new one, as when a plan is rescheduled.
      const double t = now + std::floor(delay(rng));
      reference[{t, sequence}] = q.schedule(t, sequence);
      ++sequence;
      continue;
    }
    auto event = q.pop();
    ASSERT_TRUE(event.has_value());
    ASSERT_FALSE(reference.empty());
    ASSERT_EQ(event->time, reference.begin()->first.first);
    ASSERT_EQ(event->payload, reference.begin()->first.second);
    reference.erase(reference.begin());
    now = event->time;
    const double t = now + std::floor(delay(rng));
    reference[{t, sequence}] = q.schedule(t, sequence);
    ++sequence;
  }
  EXPECT_EQ(q.size(), reference.size());
  // Slots are reused: memory follows the pending count, not the events seen.
  EXPECT_LT(q.heap_entries(), 3 * reference.size() + 100);
}

// peek_payload is a prefetch hint: the payload at the top of the heap, which is
// the next event unless the top was cancelled and not yet dropped.
TEST(EventQueue, PeekPayloadShowsTheTopOfTheQueue) {
  EventQueue<int> q;
  EXPECT_EQ(q.peek_payload(), nullptr);
  q.schedule(2.0, 20);
  const auto first = q.schedule(1.0, 10);
  ASSERT_NE(q.peek_payload(), nullptr);
  EXPECT_EQ(*q.peek_payload(), 10);
  q.cancel(first);
  q.next_time();  // drops the cancelled top
  EXPECT_EQ(*q.peek_payload(), 20);
  EXPECT_EQ(q.pop()->payload, 20);
  EXPECT_EQ(q.peek_payload(), nullptr);
}

// Times of every sign and size, ties included, in (time, scheduling order).
TEST(EventQueue, OrdersNegativeZeroInfiniteAndTinyTimes) {
  EventQueue<int> q;
  const double times[] = {0.0, -0.0, 1e300, -1e300, std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(), 5e-324, -5e-324, 0.0, 1.0};
  std::vector<std::pair<double, int>> expected;
  for (int i = 0; i < 10; ++i) {
    q.schedule(times[i], i);
    expected.emplace_back(times[i] + 0.0, i);  // -0 ties with +0
  }
  std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [time, payload] : expected) {
    const auto e = q.pop();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->payload, payload);
    EXPECT_EQ(e->time, time);
  }
}

// With a horizon, events at or after it never fire but stay pending, and the
// rest fire in the order a queue without a horizon gives them (session 13).
TEST(EventQueue, EventsPastTheHorizonArePendingButNeverFire) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> when(0.0, 200.0);
  EventQueue<int> bounded(100.0);
  EventQueue<int> unbounded;
  std::vector<caseflow::EventHandle> handles_b, handles_u;
  for (int i = 0; i < 2000; ++i) {
    const double t = i % 7 == 0 ? 100.0 : when(rng);  // some exactly at the horizon
    handles_b.push_back(bounded.schedule(t, i));
    handles_u.push_back(unbounded.schedule(t, i));
    // Cancel now and then, before and past the horizon alike.
    if (i % 5 == 0) {
      const auto k = static_cast<std::size_t>(rng() % handles_b.size());
      EXPECT_EQ(bounded.is_pending(handles_b[k]), unbounded.is_pending(handles_u[k]));
      EXPECT_EQ(bounded.cancel(handles_b[k]), unbounded.cancel(handles_u[k]));
    }
    // An arrival kept outside, ordered against both the same way below 100.
    const double outside = when(rng);
    if (outside < 100.0) {
      const auto sb = bounded.reserve_sequence();
      const auto su = unbounded.reserve_sequence();
      EXPECT_EQ(bounded.precedes_next(outside, sb), unbounded.precedes_next(outside, su));
    }
  }
  EXPECT_EQ(bounded.size(), unbounded.size());
  EXPECT_LT(bounded.heap_entries(), unbounded.heap_entries());
  while (unbounded.next_time() < 100.0) {
    const auto a = unbounded.pop();
    const auto b = bounded.pop();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(a->payload, b->payload);
    EXPECT_EQ(a->time, b->time);
  }
  EXPECT_FALSE(bounded.pop().has_value());
  EXPECT_EQ(bounded.next_time(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(bounded.size(), unbounded.size());  // the events past it, still pending
  for (std::size_t k = 0; k < handles_b.size(); ++k) {
    EXPECT_EQ(bounded.is_pending(handles_b[k]), unbounded.is_pending(handles_u[k])) << k;
    EXPECT_EQ(bounded.cancel(handles_b[k]), unbounded.cancel(handles_u[k])) << k;
  }
  EXPECT_TRUE(bounded.empty());
}

// The event after next, as a caller fetching ahead is told it: nothing with
// fewer than two pending, else the second earliest whenever it is one of the
// root's children (and after a pop, the new top's successor).
TEST(EventQueue, PeekAfterNextNamesTheSecondEarliest) {
  EventQueue<int> q;
  EXPECT_EQ(q.peek_after_next_payload(), nullptr);
  q.schedule(5.0, 50);
  EXPECT_EQ(q.peek_after_next_payload(), nullptr);
  q.schedule(3.0, 30);
  ASSERT_NE(q.peek_after_next_payload(), nullptr);
  EXPECT_EQ(*q.peek_after_next_payload(), 50);
  for (int i : {9, 7, 4, 8}) q.schedule(i, i * 10);
  EXPECT_EQ(*q.peek_payload(), 30);
  EXPECT_EQ(*q.peek_after_next_payload(), 40);
  q.pop();
  EXPECT_EQ(*q.peek_payload(), 40);
  EXPECT_EQ(*q.peek_after_next_payload(), 50);
  EXPECT_EQ(q.slot_address(caseflow::EventHandle{}), nullptr);
  const auto handle = q.schedule(1.0, 10);
  EXPECT_NE(q.slot_address(handle), nullptr);
}

namespace {
// A hold model at a large authority's size (more pending than kBucketFrom, so
// later events wait in week buckets) against an ordered map keyed by (time,
// sequence): delays of days, weeks, years and beyond the bucketed weeks,
// integer days (ties, and times on week boundaries), negative and infinite
// times, random cancellations and an outside event ordered against the
// queue. With a horizon, events at or after it are pending but never fire.
void hold_against_reference(double horizon) {
  using Queue = EventQueue<std::uint64_t>;
  Queue q = std::isfinite(horizon) ? Queue(horizon) : Queue();
  std::map<std::pair<double, std::uint64_t>, caseflow::EventHandle> reference;  // what can fire
  struct Pending {
    double time;
    std::uint64_t sequence;
    caseflow::EventHandle handle;
  };
  std::vector<Pending> pending;  // everything pending, for cancelling at random
  std::unordered_map<std::uint64_t, std::size_t> place;  // by sequence: where in `pending`
  const auto forget = [&](std::size_t k) {
    place.erase(pending[k].sequence);
    pending[k] = pending.back();
    pending.pop_back();
    if (k < pending.size()) place[pending[k].sequence] = k;
  };
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uint64_t sequence = 0;
  double now = -14.0;
  const auto delay = [&] {
    const double u = unit(rng);
    if (u < 0.45) return std::floor(14.0 * unit(rng));
    if (u < 0.85) return std::floor(400.0 * unit(rng));
    if (u < 0.99) return 4000.0 * unit(rng);
    if (u < 0.998) return 7168.0 + 2000.0 * unit(rng);  // past the bucketed weeks
    return std::numeric_limits<double>::infinity();
  };
  // Just before a week boundary: a week's bucket must not take a time of the week before.
  const auto before_boundary = [&] {
    const double week = std::floor(now / 7.0) + 1.0 + std::floor(60.0 * unit(rng));
    return std::nextafter(7.0 * week, -std::numeric_limits<double>::infinity());
  };
  const auto schedule = [&](double t) {
    const auto handle = q.schedule(t, sequence);
    if (t < horizon) reference[{t, sequence}] = handle;
    place[sequence] = pending.size();
    pending.push_back({t, sequence, handle});
    ++sequence;
  };
  for (int i = 0; i < 50000; ++i) schedule(i % 20 == 0 ? before_boundary() : now + delay());
  EXPECT_GT(q.bucketed_entries(), 0u);
  EXPECT_LT(q.heap_entries() - q.bucketed_entries(), q.bucketed_entries()) << "the heap holds the next weeks only";
  for (int step = 0; step < 150000; ++step) {
    const double u = unit(rng);
    if (u < 0.2 && !pending.empty()) {
      const auto k = static_cast<std::size_t>(rng() % pending.size());
      ASSERT_TRUE(q.cancel(pending[k].handle));
      reference.erase({pending[k].time, pending[k].sequence});
      forget(k);
      schedule(now + delay());
      continue;
    }
    if (u < 0.25) {  // an outside event, as the arrivals are
      const double outside = now + std::floor(3.0 * unit(rng));
      const bool first = reference.empty() || outside < reference.begin()->first.first;
      ASSERT_EQ(q.precedes_next(outside, q.reserve_sequence()), first);
      ++sequence;  // it took one
      continue;
    }
    if (reference.empty()) break;
    ASSERT_EQ(q.next_time(), reference.begin()->first.first);
    ASSERT_NE(q.peek_payload(), nullptr);
    ASSERT_EQ(*q.peek_payload(), reference.begin()->first.second);
    const auto event = q.pop();
    ASSERT_TRUE(event.has_value());
    ASSERT_EQ(event->time, reference.begin()->first.first);
    ASSERT_EQ(event->payload, reference.begin()->first.second);
    reference.erase(reference.begin());
    ASSERT_EQ(place.count(event->payload), 1u);
    forget(place[event->payload]);
    now = event->time;
    schedule(step % 20 == 0 ? before_boundary() : now + delay());
  }
  EXPECT_EQ(q.size(), pending.size());
  // Drained: the rest fire in order, then nothing before the horizon is left.
  while (!reference.empty()) {
    const auto event = q.pop();
    ASSERT_TRUE(event.has_value());
    ASSERT_EQ(event->payload, reference.begin()->first.second);
    reference.erase(reference.begin());
  }
  if (std::isfinite(horizon)) {
    EXPECT_FALSE(q.pop().has_value());
  }
}
}  // namespace

TEST(EventQueue, WeekBucketsAtALargeSizeKeepTheOrder) {
  hold_against_reference(std::numeric_limits<double>::infinity());
}

TEST(EventQueue, WeekBucketsKeepTheOrderBeforeAHorizon) { hold_against_reference(3000.0); }

// A queue emptied by clear() starts again without buckets, and its order holds.
TEST(EventQueue, ClearEmptiesTheWeekBuckets) {
  EventQueue<int> q;
  for (int i = 0; i < 40000; ++i) q.schedule(static_cast<double>(i % 700), i);
  EXPECT_GT(q.bucketed_entries(), 0u);
  q.clear();
  EXPECT_EQ(q.heap_entries(), 0u);
  EXPECT_FALSE(q.pop().has_value());
  q.schedule(30.0, 2);
  q.schedule(10.0, 1);
  EXPECT_EQ(q.pop()->payload, 1);
  EXPECT_EQ(q.pop()->payload, 2);
}

// With week buckets, a queue whose heap has run empty still finds an event
// scheduled weeks after its frontier (it waits in a bucket, and the heap is
// settled at once), and precedes_next orders an outside event against it.
TEST(EventQueue, AnEmptiedBucketedQueueFindsALaterEvent) {
  EventQueue<int> q;
  for (int i = 0; i < 40000; ++i) q.schedule(static_cast<double>(i % 700), i);
  ASSERT_GT(q.bucketed_entries(), 0u);
  double last = -1.0;
  while (const auto e = q.pop()) {
    ASSERT_GE(e->time, last);
    last = e->time;
  }
  EXPECT_TRUE(q.empty());
  q.schedule(last + 100.0, 7);
  EXPECT_EQ(q.next_time(), last + 100.0);
  EXPECT_FALSE(q.precedes_next(last + 100.5, q.reserve_sequence()));
  EXPECT_TRUE(q.precedes_next(last + 99.5, q.reserve_sequence()));
  const auto e = q.pop();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->payload, 7);
}

// The frontier follows the events when nothing is bucketed: after clear(),
// and after a lull longer than the weeks bucketed, later events wait in
// buckets again (and the order holds).
TEST(EventQueue, WeekBucketsComeBackAfterClearAndALongLull) {
  EventQueue<int> q;
  for (int i = 0; i < 40000; ++i) q.schedule(static_cast<double>(i % 700), i);
  ASSERT_GT(q.bucketed_entries(), 0u);
  q.clear();
  for (int i = 0; i < 40000; ++i) q.schedule(100000.0 + static_cast<double>(i % 700), i);
  EXPECT_GT(q.bucketed_entries(), 0u) << "after clear()";
  double last = -1.0;
  while (const auto e = q.pop()) {
    ASSERT_GE(e->time, last);
    last = e->time;
  }
  // A lull: the next events are 30 years on, beyond the weeks bucketed.
  for (int i = 0; i < 40000; ++i) q.schedule(last + 11000.0 + static_cast<double>(i % 700), i);
  EXPECT_GT(q.bucketed_entries(), 0u) << "after a lull";
  std::vector<std::pair<double, int>> popped;
  while (const auto e = q.pop()) popped.emplace_back(e->time, e->payload);
  ASSERT_EQ(popped.size(), 40000u);
  const auto by_time = [](const auto& a, const auto& b) { return a.first < b.first; };
  EXPECT_TRUE(std::is_sorted(popped.begin(), popped.end(), by_time));
}
