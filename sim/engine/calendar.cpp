#include "caseflow/engine/calendar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace caseflow {

namespace chr = std::chrono;

namespace {

// Queries are limited to this many days from the start (~2700 years) so that
// day indices and working-day counts stay well inside their integer types.
constexpr auto kMaxDays = static_cast<std::int64_t>(WorkingCalendar::kMaxQueryDays);
// The table may run a little past kMaxDays: queries read day d + 1, and
// add_working_days from just before the limit looks beyond it.
constexpr std::int64_t kMaxTableSize = kMaxDays + 16;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{chr::year{y}, chr::month{m}, chr::day{d}};
}

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

// Day index of time t, checked: t must be a number in [0, kMaxDays).
std::int64_t day_index(double t, const char* what) {
  if (!(t >= 0.0 && t < static_cast<double>(kMaxDays))) {
    throw std::out_of_range(std::string(what) + " = " + number(t) +
                            " is not a time between 0 and " + std::to_string(kMaxDays) +
                            " days after the calendar's start.");
  }
  return static_cast<std::int64_t>(t);  // t >= 0, so truncation is floor
}

// Easter Sunday by the anonymous Gregorian algorithm (Meeus, Astronomical
// Algorithms, ch. 8).
Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100;
  const int d = b / 4, e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date first_monday(int y, unsigned m) {
  return Date{chr::year_month_weekday{chr::year{y} / chr::month{m} / chr::Monday[1]}};
}

Date last_monday(int y, unsigned m) {
  return Date{chr::year_month_weekday_last{chr::year{y} / chr::month{m} / chr::Monday[chr::last]}};
}

bool is_weekend(chr::sys_days d) {
  const unsigned iso = chr::weekday{d}.iso_encoding();
  return iso == 6 || iso == 7;
}

// One-off changes to the regular rules, by royal proclamation. Since 2012 as
// published at https://www.gov.uk/bank-holidays; earlier ones as listed in
// "Public holidays in the United Kingdom" (Wikipedia). `added` false removes a
// regular holiday that was moved to another date.
struct OneOff {
  int year;
  unsigned month, day;
  bool added;
};
constexpr OneOff kOneOffs[] = {
    {1981, 7, 29, true},                           // royal wedding
    {1995, 5, 1, false},  {1995, 5, 8, true},      // early May moved to VE Day
    {1999, 12, 31, true},                          // millennium
    {2002, 5, 27, false}, {2002, 6, 3, true}, {2002, 6, 4, true},  // Golden Jubilee
    {2011, 4, 29, true},                           // royal wedding
    {2012, 5, 28, false}, {2012, 6, 4, true}, {2012, 6, 5, true},  // Diamond Jubilee
    {2020, 5, 4, false},  {2020, 5, 8, true},      // early May moved to VE Day
    {2022, 5, 30, false}, {2022, 6, 2, true}, {2022, 6, 3, true},  // Platinum Jubilee
    {2022, 9, 19, true},                           // state funeral of Elizabeth II
    {2023, 5, 8, true},                            // coronation of Charles III
};

// The first year in which all of today's regular rules applied (early May
// bank holiday from 1978).
constexpr int kFirstRuleYear = 1978;

}  // namespace

Date parse_date(const std::string& text) {
  const auto fail = [&] {
    throw std::invalid_argument("'" + text + "' is not a valid date: expected a date as YYYY-MM-DD.");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') fail();
  int fields[3] = {0, 0, 0};
  const std::size_t begin[3] = {0, 5, 8}, end[3] = {4, 7, 10};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = begin[f]; i < end[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') fail();
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  const Date date = ymd(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2]));
  if (!date.ok()) fail();
  return date;
}

std::string format_date(const Date& date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::vector<Date> england_and_wales_bank_holidays(int first_year, int last_year) {
  if (first_year < kFirstRuleYear || last_year > 9999) {
    throw std::invalid_argument("bank holidays for " + std::to_string(first_year) + "-" +
                                std::to_string(last_year) + " are not modelled: years must lie in " +
                                std::to_string(kFirstRuleYear) + "-9999.");
  }
  std::vector<Date> out;
  for (int y = first_year; y <= last_year; ++y) {
    std::vector<chr::sys_days> days;
    // New Year's Day, or the Monday after it falls on a weekend.
    chr::sys_days new_year{ymd(y, 1, 1)};
    while (is_weekend(new_year)) new_year += chr::days{1};
    days.push_back(new_year);

    const chr::sys_days easter{easter_sunday(y)};
    days.push_back(easter - chr::days{2});
    days.push_back(easter + chr::days{1});
    days.emplace_back(first_monday(y, 5));
    days.emplace_back(last_monday(y, 5));
    days.emplace_back(last_monday(y, 8));

    // Christmas and Boxing Day keep their date on a weekday; one falling on
    // a weekend moves to the first weekday from 27 December not already
    // taken (Sat 25 -> Mon 27 and Sun 26 -> Tue 28; Sun 25 -> Tue 27 since
    // Boxing Day keeps Mon 26).
    const chr::sys_days christmas{ymd(y, 12, 25)}, boxing{ymd(y, 12, 26)};
    std::vector<chr::sys_days> xmas;
    for (auto d : {christmas, boxing}) {
      if (!is_weekend(d)) xmas.push_back(d);
    }
    chr::sys_days next{ymd(y, 12, 27)};
    for (auto d : {christmas, boxing}) {
      if (!is_weekend(d)) continue;
      while (is_weekend(next) || std::find(xmas.begin(), xmas.end(), next) != xmas.end()) {
        next += chr::days{1};
      }
      xmas.push_back(next);
    }
    days.insert(days.end(), xmas.begin(), xmas.end());

    for (const OneOff& o : kOneOffs) {
      if (o.year != y) continue;
      const chr::sys_days d{ymd(o.year, o.month, o.day)};
      if (o.added) {
        days.push_back(d);
      } else {
        days.erase(std::remove(days.begin(), days.end(), d), days.end());
      }
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    for (auto d : days) out.emplace_back(d);
  }
  return out;
}

WorkingCalendar::WorkingCalendar(Date start, double horizon_days, std::vector<Date> closed_days,
                                 std::vector<unsigned> weekend)
    : start_(start), closed_days_(std::move(closed_days)), weekend_(std::move(weekend)) {
  if (!start_.ok()) {
    throw std::invalid_argument("the calendar's start date '" + format_date(start_) + "' is not a valid date.");
  }
  if (!(horizon_days >= 0.0 && horizon_days < static_cast<double>(kMaxDays))) {
    throw std::invalid_argument("a calendar horizon of " + number(horizon_days) +
                                " days is not a number of days between 0 and " +
                                std::to_string(kMaxDays) + ".");
  }
  for (unsigned w : weekend_) {
    if (w < 1 || w > 7) {
      throw std::invalid_argument("weekend day " + std::to_string(w) +
                                  " is not an ISO weekday (1 = Monday .. 7 = Sunday).");
    }
    weekend_mask_ |= 1u << (w % 7);
  }
  if (weekend_mask_ == 0x7fu) {
    throw std::invalid_argument("a weekend of all seven weekdays leaves no working days.");
  }
  for (const Date& d : closed_days_) {
    if (!d.ok()) throw std::invalid_argument("closed day '" + format_date(d) + "' is not a valid date.");
  }
  std::sort(closed_days_.begin(), closed_days_.end());
  closed_days_.erase(std::unique(closed_days_.begin(), closed_days_.end()), closed_days_.end());

  tables_.push_back(std::make_unique<const Table>(Table{{0}, {0}}));
  table_.store(tables_.back().get(), std::memory_order_release);
  // +2: add_working_days near the horizon reads the following day's entry.
  extend_to(static_cast<std::int64_t>(std::ceil(horizon_days)) + 2);
}

WorkingCalendar::WorkingCalendar(const WorkingCalendar& other)
    : start_(other.start_),
      closed_days_(other.closed_days_),
      weekend_(other.weekend_),
      weekend_mask_(other.weekend_mask_) {
  tables_.push_back(std::make_unique<const Table>(other.table()));
  table_.store(tables_.back().get(), std::memory_order_release);
}

WorkingCalendar& WorkingCalendar::operator=(const WorkingCalendar& other) {
  if (this == &other) return *this;
  std::vector<std::unique_ptr<const Table>> tables;
  tables.push_back(std::make_unique<const Table>(other.table()));
  start_ = other.start_;
  closed_days_ = other.closed_days_;
  weekend_ = other.weekend_;
  weekend_mask_ = other.weekend_mask_;
  const std::lock_guard lock(extend_mutex_);
  table_.store(tables.back().get(), std::memory_order_release);
  tables_.swap(tables);
  return *this;
}

WorkingCalendar::~WorkingCalendar() = default;

const WorkingCalendar::Table& WorkingCalendar::extend_to(std::int64_t day) const {
  const Table* current = table_.load(std::memory_order_acquire);
  if (day < static_cast<std::int64_t>(current->cumulative.size())) return *current;
  if (day >= kMaxTableSize) {
    throw std::out_of_range("day " + std::to_string(day) + " after the calendar's start is beyond its limit of " +
                            std::to_string(kMaxDays) + " days.");
  }
  const std::lock_guard lock(extend_mutex_);
  current = table_.load(std::memory_order_acquire);  // another thread may have extended it
  const auto old_size = static_cast<std::int64_t>(current->cumulative.size());
  if (day < old_size) return *current;

  // Grow at least geometrically so that repeated extension is amortised O(1).
  const std::int64_t new_size = std::min(std::max(day + 1, 2 * old_size), kMaxTableSize);
  auto next = std::make_unique<Table>(*current);
  std::vector<std::int32_t>& c = next->cumulative;
  c.reserve(static_cast<std::size_t>(new_size));
  // Day d's entry c[d + 1] depends on whether day d is worked.
  chr::sys_days date = chr::sys_days{start_} + chr::days{old_size - 1};
  auto closed = std::lower_bound(closed_days_.begin(), closed_days_.end(), Date{date});
  for (std::int64_t d = old_size - 1; d + 1 < new_size; ++d, date += chr::days{1}) {
    bool working = ((weekend_mask_ >> (chr::weekday{date}.c_encoding())) & 1u) == 0;
    while (closed != closed_days_.end() && chr::sys_days{*closed} < date) ++closed;
    if (closed != closed_days_.end() && chr::sys_days{*closed} == date) working = false;
    c.push_back(c.back() + (working ? 1 : 0));
    if (working) next->first_reaching.push_back(static_cast<std::int32_t>(d + 1));
  }
  tables_.push_back(std::move(next));
  const Table* published = tables_.back().get();
  table_.store(published, std::memory_order_release);
  return *published;
}

Date WorkingCalendar::date_at(double t) const {
  return Date{chr::sys_days{start_} + chr::days{day_index(t, "time t")}};
}

double WorkingCalendar::time_of(const Date& date) const {
  return static_cast<double>((chr::sys_days{date} - chr::sys_days{start_}).count());
}

bool WorkingCalendar::is_working_day(const Date& date) const {
  const chr::sys_days d{date};
  if ((weekend_mask_ >> chr::weekday{d}.c_encoding()) & 1u) return false;
  return !std::binary_search(closed_days_.begin(), closed_days_.end(), date);
}

double WorkingCalendar::working_days_between_extending(double t1, double t2) const {
  const std::int64_t d1 = day_index(t1, "time t1");
  const std::int64_t d2 = day_index(t2, "time t2");
  const Table& table = extend_to(std::max(d1, d2) + 1);
  return elapsed(table, d2, t2) - elapsed(table, d1, t1);
}

double WorkingCalendar::add_working_days_extending(double t, double n) const {
  const std::int64_t d = day_index(t, "time t");
  if (!(n >= 0.0 && n < static_cast<double>(kMaxDays))) {
    throw std::invalid_argument("cannot add " + number(n) +
                                " working days: expected a number of days between 0 and " +
                                std::to_string(kMaxDays) + ".");
  }
  if (n == 0.0) return t;
  const Table* table = &extend_to(d + 1);
  const double target = elapsed(*table, d, t) + n;
  const double whole = std::ceil(target);
  const auto needed = static_cast<std::int32_t>(whole);
  while (table->cumulative.back() < needed) {
    const auto size = static_cast<std::int64_t>(table->cumulative.size());
    if (size >= kMaxTableSize) {
      throw std::out_of_range("adding " + number(n) + " working days to t = " + number(t) +
                              " goes beyond the calendar's limit of " + std::to_string(kMaxDays) + " days.");
    }
    table = &extend_to(std::min(2 * size, kMaxTableSize - 1));
  }
  return reached(*table, d, t, target, whole, needed);
}

std::int64_t WorkingCalendar::last_working_day(std::int64_t day) const {
  const auto& table = extend_to(day_index(static_cast<double>(day), "day") + 1);
  // Days 0..day hold k working days; the k-th ends where cumulative first reaches k.
  const std::int32_t k = table.cumulative[static_cast<std::size_t>(day) + 1];
  return k == 0 ? -1 : table.first_reaching[static_cast<std::size_t>(k)] - 1;
}

double WorkingCalendar::month_start(int m) const { return month_start_day(start_, m); }

double month_start_day(const Date& start, int m) {
  Date date = start + chr::months{m};
  if (!date.ok()) date = Date{date.year() / date.month() / chr::last};
  return static_cast<double>((chr::sys_days(date) - chr::sys_days(start)).count());
}

int financial_year_of(const Date& date) { return static_cast<int>(date.year()) - (date.month() < chr::April ? 1 : 0); }

std::string financial_year_name(int first_year) {
  const int next = (first_year + 1) % 100;
  return std::to_string(first_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
}

}  // namespace caseflow
