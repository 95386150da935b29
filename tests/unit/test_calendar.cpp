#include "caseflow/engine/calendar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using caseflow::Date;
using caseflow::england_and_wales_bank_holidays;
using caseflow::format_date;
using caseflow::parse_date;
using caseflow::WorkingCalendar;

namespace {

Date D(const char* text) { return parse_date(text); }

std::vector<std::string> holidays(int first_year, int last_year) {
  std::vector<std::string> out;
  for (const Date& d : england_and_wales_bank_holidays(first_year, last_year)) out.push_back(format_date(d));
  return out;
}

// Mon 2016-06-06 at t = 0, Saturday and Sunday off, no holidays.
WorkingCalendar plain_week() { return WorkingCalendar(D("2016-06-06"), 30, {}); }

// Starts Fri 2016-04-01 with the England and Wales bank holidays.
WorkingCalendar england_2016() {
  return WorkingCalendar(D("2016-04-01"), 730, england_and_wales_bank_holidays(2016, 2018));
}

}  // namespace

// ---- dates ----------------------------------------------------------------

TEST(Calendar, ParsesAndFormatsIsoDates) {
  const Date d = parse_date("2016-02-29");  // 2016 is a leap year
  EXPECT_EQ(static_cast<int>(d.year()), 2016);
  EXPECT_EQ(static_cast<unsigned>(d.month()), 2u);
  EXPECT_EQ(static_cast<unsigned>(d.day()), 29u);
  EXPECT_EQ(format_date(d), "2016-02-29");
  EXPECT_EQ(format_date(parse_date("0999-01-05")), "0999-01-05");
}

TEST(Calendar, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"2017-02-29", "2016-13-01", "2016-00-10", "2016-04-31", "2016-2-29", "2016/02/29",
                          "", "2016-02-29x", " 2016-02-29", "abcd-ef-gh", "2016-02-+9"}) {
    try {
      parse_date(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(std::string("'") + bad + "'"), std::string::npos) << message;
      EXPECT_NE(message.find("expected a date as YYYY-MM-DD"), std::string::npos) << message;
    }
  }
}

TEST(Calendar, DateAtAndTimeOf) {
  const WorkingCalendar cal = england_2016();
  EXPECT_EQ(cal.start(), D("2016-04-01"));
  EXPECT_EQ(format_date(cal.date_at(0.0)), "2016-04-01");
  EXPECT_EQ(format_date(cal.date_at(0.999)), "2016-04-01");
  EXPECT_EQ(format_date(cal.date_at(1.0)), "2016-04-02");
  // April 2016 to April 2017 holds 28 Feb 2017 only, not a leap day: 365.
  EXPECT_EQ(cal.time_of(D("2017-04-01")), 365.0);
  EXPECT_EQ(format_date(cal.date_at(365.5)), "2017-04-01");
  EXPECT_EQ(cal.time_of(D("2016-03-31")), -1.0);
  // Beyond the 730-day horizon too.
  // Ten years holding two leap days (29 Feb 2020 and 2024): 3652 days.
  EXPECT_EQ(format_date(cal.date_at(3652.0)), "2026-04-01");
}

TEST(Calendar, IsWorkingDay) {
  const WorkingCalendar cal = england_2016();
  EXPECT_TRUE(cal.is_working_day(D("2016-12-23")));   // Friday
  EXPECT_FALSE(cal.is_working_day(D("2016-12-24")));  // Saturday
  EXPECT_FALSE(cal.is_working_day(D("2016-12-25")));  // Sunday
  EXPECT_FALSE(cal.is_working_day(D("2016-12-26")));  // Boxing Day
  EXPECT_FALSE(cal.is_working_day(D("2016-12-27")));  // Christmas substitute
  EXPECT_TRUE(cal.is_working_day(D("2016-12-28")));
  EXPECT_FALSE(cal.is_working_day(D("2017-01-02")));  // New Year substitute
  EXPECT_TRUE(cal.is_working_day(D("2015-12-24")));   // before the start: Thursday
}

TEST(Calendar, MonthStartFromTheFirst) {
  const WorkingCalendar cal = england_2016();  // starts 1 April 2016
  EXPECT_EQ(cal.month_start(0), 0.0);
  EXPECT_EQ(cal.month_start(1), 30.0);   // April has 30 days
  EXPECT_EQ(cal.month_start(2), 61.0);   // + May's 31
  EXPECT_EQ(cal.month_start(12), 365.0);  // see DateAtAndTimeOf
  EXPECT_EQ(format_date(cal.date_at(cal.month_start(10))), "2017-02-01");
}

TEST(Calendar, MonthStartClampsToTheMonthsLength) {
  const WorkingCalendar cal(D("2016-01-31"), 500, {});
  EXPECT_EQ(cal.month_start(1), 29.0);   // 29 Feb 2016 (leap year)
  EXPECT_EQ(cal.month_start(2), 60.0);   // 31 Mar: back on the 31st, not the 29th
  EXPECT_EQ(cal.month_start(3), 90.0);   // 30 Apr
  EXPECT_EQ(cal.month_start(13), 394.0);  // 28 Feb 2017: 366 days to 31 Jan 2017, + 28
}

// ---- working time ---------------------------------------------------------

TEST(Calendar, WorkingDaysBetweenCountsOnlyWorkingTime) {
  const WorkingCalendar cal = plain_week();  // t = 0 is Monday 00:00
  EXPECT_DOUBLE_EQ(cal.working_days_between(0.0, 7.0), 5.0);  // Mon-Sun
  EXPECT_DOUBLE_EQ(cal.working_days_between(0.0, 0.25), 0.25);
  EXPECT_DOUBLE_EQ(cal.working_days_between(4.5, 7.5), 1.0);  // Fri noon to Mon noon
  EXPECT_DOUBLE_EQ(cal.working_days_between(5.0, 6.9), 0.0);  // all weekend
  EXPECT_DOUBLE_EQ(cal.working_days_between(5.5, 7.25), 0.25);
  EXPECT_DOUBLE_EQ(cal.working_days_between(3.0, 3.0), 0.0);
}

TEST(Calendar, AddWorkingDaysHandChecked) {
  const WorkingCalendar cal = plain_week();  // t = 0 is Monday 6 June 2016 00:00
  // Mon-Fri are 5 full days; the clock reaches 5 at Friday's end, Sat 00:00.
  EXPECT_DOUBLE_EQ(cal.add_working_days(0.0, 5.0), 5.0);
  EXPECT_DOUBLE_EQ(cal.add_working_days(0.0, 4.5), 4.5);  // Friday noon
  EXPECT_DOUBLE_EQ(cal.add_working_days(0.0, 6.0), 8.0);  // end of Mon 13 June
  EXPECT_DOUBLE_EQ(cal.add_working_days(0.0, 10.0), 12.0);  // end of Fri 17 June
  // From Friday noon: half a day ends the week, a full day carries to Monday noon.
  EXPECT_DOUBLE_EQ(cal.add_working_days(4.5, 0.5), 5.0);
  EXPECT_DOUBLE_EQ(cal.add_working_days(4.5, 1.0), 7.5);
}

TEST(Calendar, AddWorkingDaysFromANonWorkingDayStartsOnTheNextWorkingDay) {
  const WorkingCalendar cal = plain_week();
  // Saturday 11 June 00:00 (t = 5) and Sunday noon (t = 6.5): the clock
  // starts at Monday 13 June 00:00 (t = 7).
  EXPECT_DOUBLE_EQ(cal.add_working_days(5.0, 1.0), 8.0);
  EXPECT_DOUBLE_EQ(cal.add_working_days(6.5, 0.5), 7.5);
  EXPECT_DOUBLE_EQ(cal.add_working_days(6.5, 5.0), 12.0);
}

TEST(Calendar, AddZeroWorkingDaysIsTheIdentity) {
  const WorkingCalendar cal = plain_week();
  EXPECT_EQ(cal.add_working_days(2.3, 0.0), 2.3);
  EXPECT_EQ(cal.add_working_days(5.5, 0.0), 5.5);  // even at a weekend
}

TEST(Calendar, ClosedDaysAndCustomWeekend) {
  // Wed 8 June closed: Mon, Tue, Thu are the 3 working days, ending Fri 00:00.
  const WorkingCalendar closed(D("2016-06-06"), 30, {D("2016-06-08")});
  EXPECT_DOUBLE_EQ(closed.add_working_days(0.0, 3.0), 4.0);
  EXPECT_DOUBLE_EQ(closed.working_days_between(2.0, 3.0), 0.0);
  // Friday-Saturday weekend: Mon-Thu (4), then Sun 12 June (5) ends at t = 7.
  const WorkingCalendar gulf(D("2016-06-06"), 30, {}, {5, 6});
  EXPECT_DOUBLE_EQ(gulf.add_working_days(0.0, 5.0), 7.0);
  EXPECT_TRUE(gulf.is_working_day(D("2016-06-12")));
  EXPECT_FALSE(gulf.is_working_day(D("2016-06-10")));
  // Unsorted, duplicated closed days are accepted.
  const WorkingCalendar messy(D("2016-06-06"), 30, {D("2016-06-09"), D("2016-06-08"), D("2016-06-09")});
  EXPECT_DOUBLE_EQ(messy.add_working_days(0.0, 3.0), 5.0);  // Mon, Tue, Fri: Sat 00:00
}

TEST(Calendar, StatutoryFortyFiveWorkingDaysOverChristmas2016) {
  const WorkingCalendar cal = england_2016();
  // Referral on Wed 21 Dec 2016; the assessment clock counts from the next
  // day. Working days by hand, skipping weekends and 26, 27 Dec, 2 Jan:
  // 22, 23 Dec (2); 28-30 Dec (5); 3-6 Jan (9); 9-13 (14); 16-20 (19);
  // 23-27 (24); 30 Jan-3 Feb (29); 6-10 Feb (34); 13-17 (39); 20-24 (44);
  // Mon 27 Feb is the 45th, so the clock runs out at Tue 28 Feb 00:00.
  const double from = cal.time_of(D("2016-12-22"));
  const double due = cal.add_working_days(from, 45.0);
  EXPECT_DOUBLE_EQ(due, cal.time_of(D("2017-02-28")));
  EXPECT_EQ(format_date(cal.date_at(due - 1e-9)), "2017-02-27");
  // Counting 21 Dec itself as day 1 ends the 45th day on Fri 24 Feb.
  EXPECT_DOUBLE_EQ(cal.add_working_days(cal.time_of(D("2016-12-21")), 45.0), cal.time_of(D("2017-02-25")));
  // 21-23 and 28-30 Dec are worked before 3 Jan.
  EXPECT_DOUBLE_EQ(cal.working_days_between(cal.time_of(D("2016-12-21")), cal.time_of(D("2017-01-03"))), 6.0);

  // Without the bank holidays: 22-23 Dec (2), 26-30 Dec (7), 2-6 Jan (12),
  // then six more weeks to 17 Feb (42), 20-22 Feb (45): ends Thu 23 Feb 00:00.
  const WorkingCalendar no_holidays(D("2016-04-01"), 730, {});
  EXPECT_DOUBLE_EQ(no_holidays.add_working_days(from, 45.0), cal.time_of(D("2017-02-23")));
}

TEST(Calendar, LastWorkingDayStepsBackOverWeekendsAndHolidays) {
  const WorkingCalendar cal = england_2016();
  const auto day = [&](const char* date) { return static_cast<std::int64_t>(cal.time_of(D(date))); };
  // A working day is its own; Sunday 1 Jan 2017 and the substitute holidays
  // (26, 27 Dec and 2 Jan) go back to Friday 23 Dec.
  EXPECT_EQ(cal.last_working_day(day("2016-12-22")), day("2016-12-22"));
  for (const char* closed : {"2016-12-24", "2016-12-25", "2016-12-26", "2016-12-27"})
    EXPECT_EQ(cal.last_working_day(day(closed)), day("2016-12-23")) << closed;
  EXPECT_EQ(cal.last_working_day(day("2017-01-02")), day("2016-12-30"));
  EXPECT_EQ(cal.last_working_day(day("2017-01-03")), day("2017-01-03"));
  // Friday 1 April 2016 is day 0 and worked; a calendar that starts on a
  // Saturday has no working day before its Monday.
  EXPECT_EQ(cal.last_working_day(0), 0);
  const WorkingCalendar from_saturday(D("2016-06-04"), 30, {});
  EXPECT_EQ(from_saturday.last_working_day(1), -1);
  EXPECT_EQ(from_saturday.last_working_day(2), 2);
  // Agrees with a day-by-day search everywhere in two years.
  for (std::int64_t d = 0; d < 730; ++d) {
    std::int64_t back = d;
    while (back >= 0 && cal.working_days_between(static_cast<double>(back), static_cast<double>(back) + 1.0) < 0.5) --back;
    ASSERT_EQ(cal.last_working_day(d), back) << "day " << d;
  }
}

TEST(Calendar, AddWorkingDaysInvertsWorkingDaysBetween) {
  const WorkingCalendar cal = england_2016();
  std::mt19937_64 rng(20160401);
  std::uniform_real_distribution<double> time(0.0, 700.0), days(0.0, 60.0);
  std::uniform_int_distribution<int> whole(0, 60);
  for (int i = 0; i < 20000; ++i) {
    // Half the draws: whole times and days, where landing at a day boundary matters.
    const bool integral = i % 2 == 0;
    const double t = integral ? std::floor(time(rng)) : time(rng);
    const double n = integral ? whole(rng) : days(rng);
    const double t2 = cal.add_working_days(t, n);
    ASSERT_GE(t2, t);
    ASSERT_NEAR(cal.working_days_between(t, t2), n, 1e-9) << "t = " << t << ", n = " << n;
    if (n > 0) {  // earliest: a moment earlier, less working time has passed
      ASSERT_LT(cal.working_days_between(t, t2 - 1e-6), n - 1e-7) << "t = " << t << ", n = " << n;
    }
  }
}

TEST(Calendar, QueriesBeyondTheHorizonAreCorrect) {
  const WorkingCalendar short_horizon(D("2016-06-06"), 10, {});
  // 1000 working days = 200 weeks; the 200th week's Friday ends at
  // 199 * 7 + 5 = 1398 days after Monday 00:00.
  EXPECT_DOUBLE_EQ(short_horizon.add_working_days(0.0, 1000.0), 1398.0);
  EXPECT_DOUBLE_EQ(short_horizon.working_days_between(0.0, 1400.0), 1000.0);
  // t = 2003 = 7 * 286 + 1 is a Tuesday, t = 2000 = 7 * 285 + 5 a Saturday.
  EXPECT_DOUBLE_EQ(short_horizon.working_days_between(2003.5, 2004.0), 0.5);
  EXPECT_DOUBLE_EQ(short_horizon.working_days_between(2000.5, 2001.0), 0.0);
  EXPECT_FALSE(short_horizon.is_working_day(D("2030-01-05")));  // Saturday
}

TEST(Calendar, ConcurrentExtensionGivesTheSameAnswers) {
  const WorkingCalendar shared(D("2016-04-01"), 5, england_and_wales_bank_holidays(2016, 2040));
  const WorkingCalendar reference(D("2016-04-01"), 9000, england_and_wales_bank_holidays(2016, 2040));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 2000; ++i) {
        const double t = 4.0 * i + 0.37 * k;
        const double n = 3.0 + (i * 7 + k) % 50;
        if (shared.add_working_days(t, n) != reference.add_working_days(t, n)) ++mismatches[k];
        if (shared.working_days_between(t, 1.5 * t) != reference.working_days_between(t, 1.5 * t)) ++mismatches[k];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int k = 0; k < 8; ++k) EXPECT_EQ(mismatches[k], 0) << "thread " << k;
}

TEST(Calendar, CopiesAnswerLikeTheOriginal) {
  const WorkingCalendar original = england_2016();
  WorkingCalendar copy = original;
  EXPECT_EQ(copy.add_working_days(100.25, 33.5), original.add_working_days(100.25, 33.5));
  copy = plain_week();
  EXPECT_EQ(copy.start(), D("2016-06-06"));
  EXPECT_DOUBLE_EQ(copy.add_working_days(0.0, 5.0), 5.0);
}

TEST(Calendar, RejectsBadArguments) {
  const WorkingCalendar cal = plain_week();
  EXPECT_THROW(cal.add_working_days(-1.0, 1.0), std::out_of_range);
  EXPECT_THROW(cal.add_working_days(NAN, 1.0), std::out_of_range);
  EXPECT_THROW(cal.add_working_days(1.0, -1.0), std::invalid_argument);
  EXPECT_THROW(cal.working_days_between(0.0, INFINITY), std::out_of_range);
  EXPECT_THROW(cal.date_at(-0.5), std::out_of_range);
  EXPECT_THROW(WorkingCalendar(D("2016-06-06"), 10, {}, {0}), std::invalid_argument);
  EXPECT_THROW(WorkingCalendar(D("2016-06-06"), 10, {}, {1, 2, 3, 4, 5, 6, 7}), std::invalid_argument);
  EXPECT_THROW(WorkingCalendar(D("2016-06-06"), -1, {}), std::invalid_argument);
  try {
    WorkingCalendar(D("2016-06-06"), 10, {}, {8});
    ADD_FAILURE() << "accepted weekday 8";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("weekend day 8"), std::string::npos) << e.what();
  }
}

// ---- bank holidays --------------------------------------------------------
// Expected lists copied from https://www.gov.uk/bank-holidays (England and Wales).

TEST(BankHolidays, Gov2016) {
  EXPECT_EQ(holidays(2016, 2016),
            (std::vector<std::string>{"2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02", "2016-05-30",
                                      "2016-08-29", "2016-12-26", "2016-12-27"}));
}

TEST(BankHolidays, Gov2017) {
  EXPECT_EQ(holidays(2017, 2017),
            (std::vector<std::string>{"2017-01-02", "2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29",
                                      "2017-08-28", "2017-12-25", "2017-12-26"}));
}

TEST(BankHolidays, Gov2020) {
  EXPECT_EQ(holidays(2020, 2020),
            (std::vector<std::string>{"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25",
                                      "2020-08-31", "2020-12-25", "2020-12-28"}));
}

TEST(BankHolidays, Gov2021) {
  EXPECT_EQ(holidays(2021, 2021),
            (std::vector<std::string>{"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31",
                                      "2021-08-30", "2021-12-27", "2021-12-28"}));
}

TEST(BankHolidays, Gov2022) {
  EXPECT_EQ(holidays(2022, 2022),
            (std::vector<std::string>{"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
                                      "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}));
}

TEST(BankHolidays, Gov2023) {
  EXPECT_EQ(holidays(2023, 2023),
            (std::vector<std::string>{"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
                                      "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"}));
}

TEST(BankHolidays, Jubilee2012) {
  // gov.uk: spring bank holiday moved to Mon 4 June, Diamond Jubilee Tue 5 June.
  const auto h = holidays(2012, 2012);
  EXPECT_EQ(std::count(h.begin(), h.end(), "2012-05-28"), 0);
  EXPECT_EQ(std::count(h.begin(), h.end(), "2012-06-04"), 1);
  EXPECT_EQ(std::count(h.begin(), h.end(), "2012-06-05"), 1);
  EXPECT_EQ(h.size(), 9u);
}

TEST(BankHolidays, EasterDates) {
  // Good Friday and Easter Monday around Easter Sundays from published tables:
  // 31 Mar 2024, 20 Apr 2025, 25 Apr 2038 (latest possible), 22 Mar 2285 (earliest).
  const auto has = [](int year, const char* date) {
    const auto h = holidays(year, year);
    return std::count(h.begin(), h.end(), std::string(date)) == 1;
  };
  EXPECT_TRUE(has(2024, "2024-03-29"));
  EXPECT_TRUE(has(2024, "2024-04-01"));
  EXPECT_TRUE(has(2025, "2025-04-18"));
  EXPECT_TRUE(has(2025, "2025-04-21"));
  EXPECT_TRUE(has(2038, "2038-04-23"));
  EXPECT_TRUE(has(2038, "2038-04-26"));
  EXPECT_TRUE(has(2285, "2285-03-20"));
  EXPECT_TRUE(has(2285, "2285-03-23"));
}

TEST(BankHolidays, RangeIsSortedAndWithoutDuplicates) {
  const auto h = england_and_wales_bank_holidays(2016, 2023);
  // 8 a year, plus 2022's two extras (3 June, 19 Sept) and 2023's one (8 May).
  EXPECT_EQ(h.size(), 8u * 8u + 3u);
  for (std::size_t i = 1; i < h.size(); ++i) EXPECT_LT(h[i - 1], h[i]) << format_date(h[i]);
  EXPECT_TRUE(england_and_wales_bank_holidays(2020, 2019).empty());
}

TEST(BankHolidays, RejectsYearsBeforeTheRulesApplied) {
  EXPECT_THROW(england_and_wales_bank_holidays(1970, 1980), std::invalid_argument);
}
