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
