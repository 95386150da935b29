//===----------------------------------------------------------------------===//
// calendar.h: dates, months and working days
//
// Simulation time is a double counting days from the scenario's start date at
// 00:00 (t = 0.5 is noon on the first day). Statutory timescales are counted
// in working days, as the law counts them: Monday to Friday less bank
// holidays. Working time is treated as a continuous clock that runs only on
// working days, so "n working days after t" and "working days between t1 and
// t2" are exact inverses of each other, also for fractional n.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace caseflow {

using Date = std::chrono::year_month_day;

//! Parses an ISO date `YYYY-MM-DD`; throws std::invalid_argument naming the text.
Date parse_date(const std::string& text);
std::string format_date(const Date& date);

//! Days from `start` to the start of reporting month m (m months on; the
//! month's last day when that date does not exist, e.g. 31 January + 1 month).
double month_start_day(const Date& start, int m);

//! The financial year (1 April to 31 March) that `date` falls in, by the
//! year it starts: 2016 for 2016/17.
int financial_year_of(const Date& date);
//! Written as councils write it: 2016 -> "2016/17".
std::string financial_year_name(int first_year);

//! Bank holidays in England and Wales for the years [first_year, last_year]:
//! New Year's Day, Good Friday, Easter Monday, early May, spring and summer
//! bank holidays, Christmas and Boxing Day with their weekday substitutes, and
//! the one-off changes proclaimed since 2012 (e.g. 8 May 2020, 2-3 June 2022,
//! 19 September 2022, 8 May 2023). Sorted, without duplicates.
std::vector<Date> england_and_wales_bank_holidays(int first_year, int last_year);

class WorkingCalendar {
 public:
  //! Queries beyond this many days from the start are errors.
  static constexpr double kMaxQueryDays = 1'000'000;
  //! \param start      the date at t = 0
  //! \param horizon_days how far ahead queries must work; queries beyond
  //!                   it extend the table (so they are correct, only slower)
  //! \param closed_days bank holidays and other non-working dates
  //! \param weekend    ISO weekdays that are not worked (1 = Monday .. 7 = Sunday)
  WorkingCalendar(Date start, double horizon_days, std::vector<Date> closed_days,
                  std::vector<unsigned> weekend = {6, 7});
  WorkingCalendar(const WorkingCalendar& other);
  WorkingCalendar& operator=(const WorkingCalendar& other);
  ~WorkingCalendar();

  Date start() const { return start_; }
  //! The date containing time t (t >= 0).
  Date date_at(double t) const;
  //! Time (days since start) of 00:00 on `date`.
  double time_of(const Date& date) const;

  bool is_working_day(const Date& date) const;

  //! Working time elapsed between t1 and t2 (t1 <= t2), in working days.
  double working_days_between(double t1, double t2) const {
    // Inline when both days are in the table (nearly every call); out of
    // line to extend it or to report a bad time.
    const Table& table = this->table();
    const auto size = static_cast<std::int64_t>(table.cumulative.size());
    if (t1 >= 0.0 && t2 >= 0.0 && t1 < kMaxQueryDays && t2 < kMaxQueryDays) {
      const auto d1 = static_cast<std::int64_t>(t1), d2 = static_cast<std::int64_t>(t2);
      if (d1 + 1 < size && d2 + 1 < size) return elapsed(table, d2, t2) - elapsed(table, d1, t1);
    }
    return working_days_between_extending(t1, t2);
  }
  //! The earliest time t2 >= t with working_days_between(t, t2) == n (n >= 0).
  //! So a whole number of days ends at 00:00 after the last working day
  //! (5 working days from Monday 00:00 end at Saturday 00:00), and from a
  //! non-working day the clock starts on the next working day.
  double add_working_days(double t, double n) const {
    const Table& table = this->table();
    const auto& c = table.cumulative;
    if (t >= 0.0 && t < kMaxQueryDays && n > 0.0 && n < kMaxQueryDays) {
      const auto d = static_cast<std::int64_t>(t);
      if (d + 1 < static_cast<std::int64_t>(c.size())) {
        const double target = elapsed(table, d, t) + n;
        const double whole = std::ceil(target);
        const auto needed = static_cast<std::int32_t>(whole);
        if (needed <= c.back()) return reached(table, d, t, target, whole, needed);
      }
    }
    return add_working_days_extending(t, n);
  }
  //! The last working day on or before day `day` (its index: a day is
  //! [d, d + 1)), or -1 when no day from 0 to `day` is worked. O(1).
  std::int64_t last_working_day(std::int64_t day) const;

  //! Time at which calendar month m (0-based from the start date's month)
  //! begins: month 0 begins at t = 0, month m at the first day of the m-th
  //! month after the start date, provided the start date is the 1st.
  //! If the start date is not the 1st, month boundaries fall on the same day
  //! of the month (clamped to the month's length).
  double month_start(int m) const;

 private:
  struct Table {
    // cumulative[d] = number of working days among days [0, d) since start.
    std::vector<std::int32_t> cumulative;
    // first_reaching[k] = the first d with cumulative[d] >= k (k <= the last
    // cumulative value): add_working_days' inverse lookup, in O(1).
    std::vector<std::int32_t> first_reaching;
  };
  //! W(t): working days before day d = floor(t), plus the part of that day
  //! elapsed if it is worked (c[d + 1] - c[d] is 1 exactly then).
  static double elapsed(const Table& table, std::int64_t d, double t) {
    const auto& c = table.cumulative;
    const auto i = static_cast<std::size_t>(d);
    return c[i] + (c[i + 1] - c[i]) * (t - static_cast<double>(d));
  }
  //! W reaches `target` on the working day that ends with W = ceil(target)
  //! (`whole`, `needed` as an integer, within the table): the day before the
  //! first index e with c[e] >= needed, at whole - target before that day's
  //! end. A whole target thus ends at 00:00 of the day after its last
  //! working day. (e is d itself when the first lies before d.)
  static double reached(const Table& table, std::int64_t d, double t, double target, double whole, std::int32_t needed) {
    const std::int64_t e = std::max<std::int64_t>(d, table.first_reaching[static_cast<std::size_t>(needed)]);
    return std::max(t, static_cast<double>(e) - (whole - target));
  }
  double working_days_between_extending(double t1, double t2) const;
  double add_working_days_extending(double t, double n) const;
  //! A table with index `day` valid, extending it if needed.
  const Table& extend_to(std::int64_t day) const;
  const Table& table() const { return *table_.load(std::memory_order_acquire); }

  Date start_;
  std::vector<Date> closed_days_;  // sorted, unique
  std::vector<unsigned> weekend_;
  unsigned weekend_mask_ = 0;  // bit (ISO weekday % 7) set for weekend days
  // Const queries may extend the table while other threads read it (one
  // calendar serves parallel replications). A table is never modified once
  // published: extension builds a longer copy under the mutex, publishes it,
  // and keeps the old ones alive, so readers need only one acquire load.
  mutable std::mutex extend_mutex_;
  mutable std::vector<std::unique_ptr<const Table>> tables_;  // newest last
  mutable std::atomic<const Table*> table_{nullptr};
};

}  // namespace caseflow
