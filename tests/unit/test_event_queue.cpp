#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
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
