//===----------------------------------------------------------------------===//
// replication_context.h: what every module of one replication shares
//
// The clock, the event queue, the random streams, the calendar arithmetic and
// the result table with the month's row that counts go into. Each module of a
// replication holds a reference to its replication's one context; nothing in
// it is shared between replications, so nothing in it needs a lock.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "caseflow/engine/calendar.h"
#include "caseflow/engine/event_queue.h"
#include "caseflow/engine/random.h"
#include "caseflow/model/metrics.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"

namespace caseflow::model {

inline constexpr std::uint32_t kOutside = std::numeric_limits<std::uint32_t>::max();  // no state, no column
inline constexpr double kNever = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Working-day arithmetic is exact inside the calendar's table; this far past
// the horizon nothing is reported, so a 7/5 approximation is enough.
inline constexpr double kCalendarMarginDays = 2.0 * kDaysPerYear;

//! Every kind of event, and the module that handles it (dispatch is in
//! replication.cpp). A module with events of its own adds its kinds here and
//! a case to the dispatch. Keep the kinds whose subject is a case first:
//! subject_is_case relies on it.
enum class EventKind : std::uint8_t {
  // arrivals (kept outside the queue), then the pathway flow; the subject is a case
  arrival, move, adulthood, re_referral,
  // workforce; the subject is a worker, a post, or an establishment change
  worker_leaves, permanent_hire, locum_arrives, bank_hire, short_absence_start, short_absence_end,
  long_absence_start, long_absence_end, holiday_start, holiday_end, progression, establishment_change,
  // workload: a week's work is planned (no subject)
  workload_week
};

struct EventPayload {
  EventKind kind;
  std::uint32_t subject;
};

//! True for the kinds whose subject is a case (worth prefetching).
inline bool subject_is_case(EventKind kind) { return kind <= EventKind::re_referral; }

//! An exponential draw with this rate: Boost's ziggurat, which needs no
//! logarithm on nearly every draw (-log1p(-u), used before, cost 12% of a
//! peer-model run, one per contact). Changes the streams, not the distribution.
template <class Engine>
inline double draw_exponential(Engine& rng, double rate) {
  return boost::random::exponential_distribution<double>(rate)(rng);
}

//! The month that events are counted in, and its row of the result table.
//! The row is found once when the month is set (per event) instead of as
//! month x metrics at each of the several counts an event makes.
class CountingMonth {
 public:
  explicit CountingMonth(MonthlyTable& table) : table_(table) {}
  CountingMonth& operator=(std::size_t month) {
    month_ = month;
    row_ = &table_.at(month, 0);
    return *this;
  }
  operator std::size_t() const { return month_; }
  double& cell(std::uint32_t metric) const { return row_[metric]; }

 private:
  MonthlyTable& table_;
  double* row_ = nullptr;
  std::size_t month_ = 0;
};

//! The random streams of one replication, one per purpose (random.h): a new
//! kind of draw in one module cannot shift another module's draws.
struct Streams {
  Streams(const SimulationSettings& settings, std::uint64_t index)
      : demand(make_stream(settings.seed, settings.stream_set, index, StreamPurpose::demand)),
        warm_start(make_stream(settings.seed, settings.stream_set, index, StreamPurpose::warm_start)),
        workforce(make_stream(settings.seed, settings.stream_set, index, StreamPurpose::workforce)),
        cases_prefix_(entity_stream_prefix(settings.seed, settings.stream_set, index, StreamPurpose::cases)),
        posts_prefix_(entity_stream_prefix(settings.seed, settings.stream_set, index, StreamPurpose::workforce)) {}
  RandomEngine demand, warm_start, workforce;
  //! The stream of the `serial`-th family to arrive (serials from 1), or of
  //! opening case i (serial kOpeningCaseSerial + i): its routes, durations
  //! and re-referral are drawn from it wherever it goes (cases.h), so the
  //! k-th family draws the same in every scenario of the same stream set.
  CaseRandom case_stream(std::uint64_t serial) const {
    return CaseRandom(entity_stream_key_from(cases_prefix_, serial));
  }
  //! The stream of post `serial` (in order of creation: the opening posts
  //! first, in the scenario's order): its recruitment, and the keys of the
  //! workers who hold it, so a post added by one scenario leaves every other
  //! post's draws as they were.
  CaseRandom post_stream(std::uint64_t serial) const {
    return CaseRandom(entity_stream_key_from(posts_prefix_, serial));
  }
  static constexpr std::uint64_t kOpeningCaseSerial = std::uint64_t{1} << 62;

 private:
  std::uint64_t cases_prefix_, posts_prefix_;  // entity_stream_prefix of each purpose
};

class ReplicationContext {
 public:
  ReplicationContext(const Model& model, const std::vector<double>& starts_of_months, std::uint64_t index)
      : scenario(model.scenario()),
        calendar(model.calendar()),
        metrics(model.metrics()),
        month_starts(starts_of_months),
        horizon(starts_of_months.back()),
        rng(scenario.simulation, index),
        ratio_numerator(metrics.size(), 0.0),
        ratio_denominator(metrics.size(), 0.0) {
    result.replication = index;
    result.table = MonthlyTable(static_cast<std::size_t>(model.months()) + 1, metrics.size());
    month = 0;  // finds the row in the table just made
  }
  // `month` points into `result`: a copy would count into the original.
  ReplicationContext(const ReplicationContext&) = delete;
  ReplicationContext& operator=(const ReplicationContext&) = delete;

  const Scenario& scenario;
  //! The scenario as it stands now: `scenario` until its first policy takes
  //! effect, then that policy's epoch (policies.h). Read what a policy may
  //! change through it; structure (states, teams, seeds) from `scenario`.
  const Scenario* in_force = &scenario;
  const WorkingCalendar& calendar;
  const MetricRegistry& metrics;
  const std::vector<double>& month_starts;  // day each reported month starts; back() is the horizon
  const double horizon;

  double now = 0.0;
  //! Events at or past the horizon take no place in the heap: the run stops
  //! there, so they cannot fire (their handles stay pending).
  EventQueue<EventPayload> queue{horizon};
  Streams rng;
  ReplicationResult result;
  CountingMonth month{result.table};  // after result
  //! Ratio metrics add to these during the month; the month end divides.
  std::vector<double> ratio_numerator, ratio_denominator;

  void count(std::uint32_t metric, double n) { month.cell(metric) += n; }
  void add_to_ratio(std::uint32_t metric, double numerator, double denominator) {
    ratio_numerator[metric] += numerator;
    ratio_denominator[metric] += denominator;
  }

  //! Calendar time after `amount` of `unit` from `from`.
  double advance(double from, double amount, TimeUnit unit) const {
    if (unit == TimeUnit::working_days) {
      // Past the horizon nothing is reported, so the 7/5 average is enough
      // (and a draw of millions of working days stays within the calendar).
      const double approximate = from + amount * days_per_unit(unit);
      if (from > horizon + kCalendarMarginDays || approximate > horizon + kCalendarMarginDays) return approximate;
      return calendar.add_working_days(std::max(from, 0.0), amount);
    }
    return from + amount * days_per_unit(unit);
  }

  //! Working days from `start` to now; a warm-started clock may have begun
  //! before the calendar does, and that part is counted at 5 days in 7.
  double working_days_since(double start) const {
    if (start >= 0.0) return calendar.working_days_between(start, now);
    return calendar.working_days_between(0.0, now) - start / days_per_unit(TimeUnit::working_days);
  }

  //! Days from now until a duration drawn from `d` would end.
  template <class Engine>
  double sample_days(const DurationSpec& d, Engine& engine) {
    return advance(now, d.distribution.sample(engine), d.unit) - now;
  }

  //! When the month being counted ends (the horizon after the last).
  double month_end_time() const {
    return month < month_starts.size() ? month_starts[std::min<std::size_t>(month, month_starts.size() - 1)] : horizon;
  }

  //! Month end for the metrics no module writes: flows and ratios have no
  //! opening value (month 0), and each ratio is its month's quotient.
  void close_month(std::size_t reported_month) {
    auto& table = result.table;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      if (metrics[m].kind == MetricKind::stock) continue;
      if (reported_month == 0) {
        table.at(0, m) = kNaN;
      } else if (metrics[m].kind == MetricKind::ratio) {
        table.at(reported_month, m) = ratio_denominator[m] > 0 ? ratio_numerator[m] / ratio_denominator[m] : kNaN;
        ratio_numerator[m] = ratio_denominator[m] = 0.0;
      }
    }
  }
};

}  // namespace caseflow::model
