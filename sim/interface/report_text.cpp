// The briefing's words: the scorecard's measures and its red/amber/green
// rule, the headline sentences written from the numbers, and formatting.
#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "report.h"

namespace caseflow {

const std::vector<Measure>& scorecard_measures() {
  // Targets as the council set them: the December 2016 balanced scorecard
  // (seed 000), and the looked-after reduction strategy (seed 001 §3.5).
  static const std::vector<Measure> measures{
      {"Average caseload per social worker", "caseload_mean", 18, true, "seed 000 scorecard; seed 001 §4.21", 1, false},
      {"Agency social workers (share of posts filled)", "sw_agency_share", 0.10, true, "seed 000 scorecard", 0, true},
      {"Assessments in timescale (45 working days)", "assessments_in_timescale_share", 0.98, false, "seed 000 scorecard", 0, true},
      {"Initial conferences in timescale (15 working days)", "icpc_in_timescale_share", 0.95, false, "seed 000 scorecard", 0, true},
      {"Child protection visits overdue at month end", "cp_visits_overdue", 5, true, "seed 000 scorecard", 0, false},
      {"Looked-after children's visits overdue", "lac_visits_overdue", 20, true, "seed 000 scorecard", 0, false},
      {"Unallocated child protection cases", "unallocated_cp", 0, true, "seed 000 scorecard", 0, false},
      {"Looked-after children", "open_lac", 857, true, "seed 001 §3.5: 382 fewer than 1,239 over four years", 0, false},
  };
  return measures;
}

Rag rag_from_probability(double probability) {
  if (std::isnan(probability)) return Rag::none;
  if (probability >= 0.8) return Rag::green;
  if (probability >= 0.5) return Rag::amber;
  return Rag::red;
}

namespace {
bool meets(double value, const Measure& m) { return m.lower_is_better ? value <= m.target : value >= m.target; }
}  // namespace

Rag rag_from_band(const Band& band, const Measure& m) {
  if (std::isnan(band.p5) || std::isnan(band.p95)) return Rag::none;
  const bool best = meets(m.lower_is_better ? band.p95 : band.p5, m);   // the whole band meets it
  const bool worst = meets(m.lower_is_better ? band.p5 : band.p95, m);  // some of it does
  if (best) return Rag::green;
  if (!worst) return Rag::red;
  return Rag::amber;
}

const char* rag_name(Rag rag) {
  switch (rag) {
    case Rag::red: return "Red";
    case Rag::amber: return "Amber";
    case Rag::green: return "Green";
    case Rag::none: return "";
  }
  return "";
}

double probability_meeting(const std::vector<double>& values, const Measure& measure) {
  if (values.empty()) return kNotReported;
  const auto n = std::count_if(values.begin(), values.end(), [&](double v) { return meets(v, measure); });
  return static_cast<double>(n) / static_cast<double>(values.size());
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_number(double value, int decimals) {
  if (std::isnan(value)) return "–";
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << std::fabs(value);
  std::string s = text.str();
  const std::size_t point = s.find('.');
  std::size_t digits = point == std::string::npos ? s.size() : point;
  for (std::size_t i = digits; i > 3; i -= 3) s.insert(i - 3, ",");
  // -0 after rounding reads as 0.
  const bool negative = value < 0 && s.find_first_not_of("0.,") != std::string::npos;
  return negative ? "−" + s : s;
}

std::string format_measure(double value, const Measure& measure) {
  if (measure.percent) return std::isnan(value) ? "–" : format_number(value * 100, measure.decimals) + "%";
  return format_number(value, measure.decimals);
}

namespace {
void parse_date(const std::string& date, int& y, int& m, int& d) {
  y = 2000, m = 1, d = 1;
  std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d);
}
int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}
//! The calendar month that ends at `month` months from the start (month 0: the month before).
void month_end(const std::string& start, int month, int& y, int& m) {
  int d;
  parse_date(start, y, m, d);
  int index = y * 12 + (m - 1) + month - 1;
  y = index / 12;
  m = index % 12 + 1;
}
}  // namespace

std::string month_date(const std::string& start_date, int month) {
  int y, m;
  month_end(start_date, month, y, m);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, days_in_month(y, m));
  return text;
}

std::string month_name(const std::string& start_date, int month) {
  static const char* names[] = {"January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December"};
  int y, m;
  month_end(start_date, month, y, m);
  return std::string(names[m - 1]) + " " + std::to_string(y);
}

namespace {

//! "24.5 (90% of runs 24.3 to 26.6)"
std::string with_band(const Band& b, int decimals, bool percent) {
  const auto f = [&](double v) { return percent ? format_number(v * 100, decimals) + "%" : format_number(v, decimals); };
  return f(b.p50) + " (90% of runs between " + f(b.p5) + " and " + f(b.p95) + ")";
}

//! The first month from `from` on where the metric is reported.
const Band* first_reported(const RunResults& run, const std::string& metric, int from = 0) {
  for (int m = from; m <= run.months; ++m)
    if (const Band* b = run.band(metric, m)) return b;
  return nullptr;
}

double money_m(double pounds) { return pounds / 1e6; }

}  // namespace

std::vector<std::string> headline_sentences(const RunResults& run) {
  std::vector<std::string> s;
  const int end = run.months;
  const std::string when = month_name(run.start_date, end);
  const std::string now = month_name(run.start_date, 0);
  if (const Band* b = run.band("open_total", end)) {
    const Band* start = first_reported(run, "open_total");
    s.push_back(format_number(start->p50, 0) + " children are open to social care at the end of " + now + "; by " + when +
                " the projection is " + with_band(*b, 0, false) + ".");
  }
  if (const Band* b = run.band("caseload_mean", end)) {
    const Band* start = first_reported(run, "caseload_mean");
    std::string text = "The average social worker holds " + format_number(start->p50, 1) + " children now and " +
                       with_band(*b, 1, false) + " in " + when + ", against the council's target of 18.";
    if (const Band* over = run.band("caseload_share_over_cap", end))
      text += " About " + format_number(over->p50 * 100, 0) + "% of social workers would be over their team's caseload cap.";
    s.push_back(text);
  }
  if (const Band* b = run.band("sw_agency_share", end)) {
    const Band* start = first_reported(run, "sw_agency_share");
    s.push_back("Agency workers fill " + format_number(start->p50 * 100, 0) + "% of social worker posts now and " +
                with_band(*b, 0, true) + " in " + when + ", against a target of 10%.");
  }
  const Band* lac_visits = run.band("lac_visits_overdue", end);
  const Band* cp_visits = run.band("cp_visits_overdue", end);
  if (lac_visits || cp_visits) {
    std::string text = "At the end of " + when + ", ";
    if (lac_visits) text += format_number(lac_visits->p50, 0) + " visits to looked-after children (" + format_number(lac_visits->p5, 0) +
                            " to " + format_number(lac_visits->p95, 0) + ")";
    if (lac_visits && cp_visits) text += " and ";
    if (cp_visits) text += format_number(cp_visits->p50, 0) + " to children on protection plans (" + format_number(cp_visits->p5, 0) +
                           " to " + format_number(cp_visits->p95, 0) + ")";
    text += " would be overdue; the targets are at most ";
    text += lac_visits && cp_visits ? "20 and 5." : lac_visits ? "20." : "5.";
    s.push_back(text);
  }
  if (const Band* b = run.band("open_lac", end); b && (b->p95 > 0 || first_reported(run, "open_lac")->p50 > 0)) {
    const Band* start = first_reported(run, "open_lac");
    const double change = b->p50 - start->p50;
    s.push_back("There are " + format_number(start->p50, 0) + " looked-after children now; the projection for " + when + " is " +
                with_band(*b, 0, false) + ", " +
                (std::fabs(change) < 0.5 ? std::string("the same as now")
                 : std::fabs(change) < 0.02 * start->p50
                     ? "about the same as now (" + format_number(std::fabs(change), 0) + (change > 0 ? " more)" : " fewer)")
                     : format_number(std::fabs(change), 0) + (change > 0 ? " more" : " fewer")) +
                ".");
  }
  std::vector<const FinanceRow*> totals;
  for (const FinanceRow& row : run.finance)
    if (row.line == "total") totals.push_back(&row);
  if (!totals.empty()) {
    const FinanceRow& first = *totals.front();
    const FinanceRow& last = *totals.back();
    const auto money = [](double v) { return "£" + format_number(money_m(v), 1) + "m"; };
    std::string text = "The modelled services cost " + money(first.p50) + " in " + first.year + " (90% of runs " +
                       money(first.p5) + " to " + money(first.p95) + ")";
    if (totals.size() > 1)
      text += " and " + money(last.p50) + " in " + last.year + " (" + money(last.p5) + " to " + money(last.p95) + ")";
    s.push_back(text + ".");
  }
  return s;
}

std::vector<std::string> compare_sentences(const CompareResults& compare, const std::string& start_date) {
  std::vector<std::string> out;
  std::vector<std::string> scenarios;
  for (const CompareRow& r : compare.rows)
    if (std::find(scenarios.begin(), scenarios.end(), r.scenario) == scenarios.end()) scenarios.push_back(r.scenario);
  for (const std::string& scenario : scenarios) {
    int last = -1;
    std::string baseline;
    for (const CompareRow& r : compare.rows)
      if (r.scenario == scenario && !r.period.empty() && std::all_of(r.period.begin(), r.period.end(), ::isdigit)) {
        last = std::max(last, std::stoi(r.period));
        baseline = r.baseline;
      }
    if (last < 0 || scenario == baseline) continue;
    const auto find = [&](const std::string& metric) -> const CompareRow* {
      for (const CompareRow& r : compare.rows)
        if (r.scenario == scenario && r.metric == metric && r.period == std::to_string(last) && !std::isnan(r.diff_mean)) return &r;
      return nullptr;
    };
    std::vector<std::string> effects;
    const auto effect = [&](const char* metric, const char* what, int decimals, double scale, const char* unit) {
      const CompareRow* r = find(metric);
      if (!r || std::fabs(r->diff_mean * scale) < 0.5 * std::pow(10.0, -decimals)) return;
      const auto f = [&](double v) { return format_number(v * scale, decimals); };
      if (r->ci_low <= 0 && r->ci_high >= 0) {  // not told apart from no change
        effects.push_back("leaves " + std::string(what) + " about the same (" + f(r->diff_mean) + unit + ", 95% interval " +
                          f(r->ci_low) + " to " + f(r->ci_high) + ")");
        return;
      }
      const double near = std::min(std::fabs(r->ci_low), std::fabs(r->ci_high)), far = std::max(std::fabs(r->ci_low), std::fabs(r->ci_high));
      effects.push_back(std::string(r->diff_mean < 0 ? "lowers " : "raises ") + what + " by " + f(std::fabs(r->diff_mean)) + unit +
                        " (95% interval " + f(near) + " to " + f(far) + ")");
    };
    effect("caseload_mean", "the average caseload", 1, 1, "");
    effect("sw_agency_share", "the agency share", 1, 100, " points");
    effect("lac_visits_overdue", "overdue visits to looked-after children", 0, 1, "");
    effect("open_lac", "the number of looked-after children", 0, 1, "");
    std::string text = "Against " + baseline + ", " + scenario + " ";
    const std::string when = start_date.empty() ? "at month " + std::to_string(last) : "by " + month_name(start_date, last);
    if (effects.empty()) text += "changes none of the headline measures " + when;
    for (std::size_t i = 0; i < effects.size(); ++i)
      text += (i == 0 ? "" : i + 1 == effects.size() ? " and " : ", ") + effects[i];
    if (!effects.empty()) text += " " + when;
    double net = 0;
    std::string first, final;
    for (const FinanceCompareRow& r : compare.finance)
      if (r.scenario == scenario && r.line == "net" && !std::isnan(r.diff_mean)) {
        net += r.diff_mean;
        if (first.empty()) first = r.year;
        final = r.year;
      }
    if (!first.empty())
      text += std::string(net >= 0 ? ", for a net additional cost of £" : ", saving a net £") + format_number(std::fabs(net) / 1e6, 1) +
              "m over " + first + (final != first ? " to " + final : "");
    out.push_back(text + ".");
  }
  return out;
}

}  // namespace caseflow
