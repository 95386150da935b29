// The briefing's page: one HTML file with its styles, data, chart libraries
// and pictures inline, under a Content-Security-Policy that allows no network
// access at all, laid out to print on A4.
#include <algorithm>
#include <regex>
#include <set>

#include "report_page.h"

namespace caseflow {

using nlohmann::json;

namespace {

const char* kStyle = R"css(
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a;
       max-width: 200mm; margin: 0 auto; padding: 18px 20px 40px; font-size: 10.5pt; line-height: 1.45; background: #fff; }
header { border-bottom: 4px solid #0072B2; padding-bottom: 8px; margin-bottom: 14px; }
header .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #4a4a4a; margin: 0; }
h1 { font-size: 20pt; margin: 2px 0 4px; line-height: 1.2; }
h2 { font-size: 13.5pt; margin: 22px 0 6px; border-bottom: 1px solid #c8c8c8; padding-bottom: 3px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 2px; }
.meta { color: #4a4a4a; font-size: 9pt; margin: 0; }
.headline { background: #eef4fa; border-left: 6px solid #0072B2; padding: 8px 14px; margin: 10px 0; }
.headline p { margin: 5px 0; }
.note { color: #4a4a4a; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6px 0; }
th, td { border-bottom: 1px solid #dcdcdc; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr { break-inside: avoid; }
.rag { display: inline-block; min-width: 4.2em; text-align: center; padding: 1px 5px; border-radius: 3px; font-weight: 700; font-size: 8.5pt; }
.rag-green { background: #d4edda; color: #0b4619; border: 1px solid #2e7d32; }
.rag-amber { background: #fff1c2; color: #5c3b00; border: 1px solid #b77d00; }
.rag-red { background: #f9d6d5; color: #6b0b0b; border: 1px solid #c62828; }
.dot-better { color: #1b5e20; } .dot-worse { color: #b71c1c; } .dot-same { color: #4a4a4a; }
.scenario-name { color: #4a4a4a; font-size: 7.5pt; display: block; }
table.scorecard, table.compare { font-size: 8.2pt; }
table.scorecard td:first-child { min-width: 36mm; }
table.compare td.num { white-space: nowrap; }
table.scorecard td { white-space: nowrap; }
table.scorecard td:first-child, table.scorecard td:last-child { white-space: normal; }
.chance { font-size: 8.5pt; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px 18px; }
figure.chart { margin: 0; break-inside: avoid; }
figure.chart figcaption { font-size: 8.5pt; color: #4a4a4a; }
.pathway svg { width: 100%; max-height: 240mm; height: auto; }
table.assumptions td { font-size: 8pt; }
table.assumptions { table-layout: fixed; }
table.assumptions th:nth-child(1) { width: 27%; } table.assumptions th:nth-child(2) { width: 20%; }
table.assumptions th:nth-child(4) { width: 15%; }
table.assumptions td { overflow-wrap: anywhere; }
table.assumptions td.path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 7.5pt; }
tr.replaced td { color: #7a7a7a; text-decoration: line-through; }
tr.replaced td.source { text-decoration: none; }
pre { white-space: pre-wrap; font-size: 8pt; background: #f6f6f6; padding: 6px; }
footer { margin-top: 24px; border-top: 1px solid #c8c8c8; padding-top: 6px; font-size: 8pt; color: #4a4a4a; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  .no-print { display: none; }
  h2 { break-after: avoid; }
  section.break { break-before: page; }
  .headline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .rag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

// Draws every chart; marks each one drawn, and the page with the count, so
// that a test (or a reader) can tell that all drew. Errors are counted too.
const char* kBoot = R"js(
(function () {
  var errors = 0, done = 0;
  function fail(message) {
    errors++;
    document.body.setAttribute('data-chart-errors', String(errors));
    console.error('caseflow report: ' + message);
  }
  document.addEventListener('securitypolicyviolation', function (e) { fail('blocked ' + e.blockedURI + ' (' + e.violatedDirective + ')'); });
  window.addEventListener('error', function (e) { fail(e.message); });
  var charts = JSON.parse(document.getElementById('caseflow-charts').textContent);
  document.body.setAttribute('data-charts-total', String(charts.length));
  document.body.setAttribute('data-charts-rendered', '0');
  charts.forEach(function (c) {
    vegaEmbed('#' + c.id, c.spec, { actions: false, renderer: 'svg', ast: true, mode: 'vega-lite' }).then(function () {
      done++;
      document.getElementById(c.id).setAttribute('data-rendered', '1');
      document.body.setAttribute('data-charts-rendered', String(done));
      if (done === charts.length) document.title += ' (' + done + ' charts drawn)';
    }).catch(function (e) { fail('chart ' + c.id + ' did not draw: ' + e); });
  });
})();
)js";

//! Text safe inside <script>: no "</script" or "<!--" can end or confuse it.
std::string script_safe(std::string text) {
  static const std::regex closing("</(script)", std::regex::icase);
  text = std::regex_replace(text, closing, "<\\/$1");
  std::size_t at = 0;
  while ((at = text.find("<!--", at)) != std::string::npos) text.replace(at, 4, "<\\!--");
  return text;
}

std::string rag_cell(Rag rag) {
  if (rag == Rag::none) return "<span class=\"note\">–</span>";
  const std::string name = rag_name(rag);
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return "<span class=\"rag rag-" + lower + "\">" + name + "</span>";
}

//! Median at the end against the start: the arrow, and whether that is better.
std::string direction_cell(const RunResults& run, const Measure& m, int end) {
  const Band* start = nullptr;
  for (int month = 0; month <= run.months && !start; ++month) start = run.band(m.metric, month);
  const Band* last = run.band(m.metric, end);
  if (!start || !last) return "–";
  const double change = last->p50 - start->p50;
  const double scale = std::max(std::fabs(start->p50), m.percent ? 0.01 : 1.0);
  if (std::fabs(change) <= 0.02 * scale) return "<span class=\"dot-same\" title=\"within 2% of the start\">▶◀ steady</span>";
  const bool better = m.lower_is_better ? change < 0 : change > 0;
  return std::string("<span class=\"") + (better ? "dot-better" : "dot-worse") + "\">" + (change > 0 ? "▲" : "▼") +
         (better ? " improving" : " worsening") + "</span>";
}

//! The comparison's start date: its own, or the lead run's when that run is its baseline (else empty).
std::string comparison_start(const ReportInput& in) {
  if (!in.compare) return {};
  if (!in.compare->start_date.empty()) return in.compare->start_date;
  for (const CompareRow& r : in.compare->rows) return r.baseline == in.runs.front().scenario ? in.runs.front().start_date : "";
  return {};
}

void write_header(std::ostream& out, const ReportInput& in) {
  const RunResults& run = in.runs.front();
  out << "<header><p class=\"kicker\">Children's social care · projection briefing</p>\n<h1>"
      << html_escape(run.scenario) << ": what the next " << format_number(run.months / 12.0, run.months % 12 ? 1 : 0)
      << " years hold</h1>\n";
  if (!run.description.empty()) out << "<p>" << html_escape(run.description) << "</p>\n";
  out << "<p class=\"meta\">Projection from " << month_name(run.start_date, 0) << " to " << month_name(run.start_date, run.months)
      << " · " << run.replications << " replications (runs of the model) · seed " << run.seed << " · run finished "
      << html_escape(run.finished_utc) << " · briefing written " << html_escape(in.generated_utc) << "</p>\n";
  if (in.runs.size() > 1) {
    out << "<p class=\"meta\">Also shown:";
    for (std::size_t i = 1; i < in.runs.size(); ++i)
      out << (i > 1 ? "," : "") << " " << html_escape(in.runs[i].scenario) << " (" << in.runs[i].replications << " replications)";
    out << ".</p>\n";
  }
  out << "</header>\n";
}

void write_headline(std::ostream& out, const ReportInput& in) {
  out << "<section id=\"headline\"><h2>Headline</h2><div class=\"headline\">\n";
  for (const std::string& sentence : headline_sentences(in.runs.front())) out << "<p>" << html_escape(sentence) << "</p>\n";
  if (in.compare)
    for (const std::string& sentence : compare_sentences(*in.compare, comparison_start(in))) out << "<p>" << html_escape(sentence) << "</p>\n";
  out << "</div><p class=\"note\">Figures are the median of the runs, with the range that 90% of them fall in: the model "
         "is run many times with different chance events, so the range is what a plan should allow for. "
      << (in.runs.front().replications < 100 ? "This run is small (under 100 replications): its bands are rough. " : "")
      << "</p></section>\n";
}

void write_scorecard(std::ostream& out, const ReportInput& in) {
  const RunResults& lead = in.runs.front();
  std::vector<int> horizons;
  if (lead.months > 12) horizons.push_back(12);
  horizons.push_back(lead.months);
  const bool probabilities = std::all_of(in.runs.begin(), in.runs.end(), [](const RunResults& r) { return r.has_replications; });
  out << "<section id=\"scorecard\"><h2>Scorecard against the council's targets</h2>\n<table class=\"scorecard\"><thead><tr>"
         "<th>Measure</th><th class=\"num\">Target</th><th class=\"num\">Now</th>";
  for (int h : horizons)
    out << "<th class=\"num\">" << month_name(lead.start_date, h) << "<br><span class=\"note\">median (90% band)</span></th><th>Rating"
        << (probabilities ? "<br><span class=\"note\">(runs meeting it)</span>" : "") << "</th>";
  out << "<th>Direction<br>of travel</th></tr></thead><tbody>\n";
  int rows = 0;
  for (const Measure& m : scorecard_measures()) {
    for (const RunResults& run : in.runs) {
      if (!run.has(m.metric)) continue;
      ++rows;
      const Band* now = nullptr;
      for (int month = 0; month <= run.months && !now; ++month) now = run.band(m.metric, month);
      out << "<tr><td>" << html_escape(m.label);
      if (in.runs.size() > 1) out << "<span class=\"scenario-name\">" << html_escape(run.scenario) << "</span>";
      out << "<span class=\"scenario-name\">" << html_escape(m.target_source) << "</span></td><td class=\"num\">"
          << (m.lower_is_better ? "≤ " : "≥ ") << format_measure(m.target, m) << "</td><td class=\"num\">"
          << (now ? format_measure(now->p50, m) : "–") << "</td>";
      for (int h : horizons) {
        const Band* b = run.band(m.metric, std::min(h, run.months));
        if (!b) {
          out << "<td class=\"num\">–</td><td>–</td>";
          continue;
        }
        out << "<td class=\"num\">" << format_measure(b->p50, m) << "<br><span class=\"note\">" << format_measure(b->p5, m) << "–"
            << format_measure(b->p95, m) << "</span></td>";
        Rag rag;
        if (run.has_replications) {
          const auto metric = run.replication_values.find(m.metric);
          std::vector<double> none;
          const std::vector<double>* values = &none;
          if (metric != run.replication_values.end())
            if (const auto month = metric->second.find(std::min(h, run.months)); month != metric->second.end()) values = &month->second;
          const double p = probability_meeting(*values, m);
          rag = rag_from_probability(p);
          out << "<td>" << rag_cell(rag) << (std::isnan(p) ? "" : "<br><span class=\"chance\">" + format_number(p * 100, 0) + "% of runs</span>")
              << "</td>";
        } else {
          rag = rag_from_band(*b, m);
          out << "<td>" << rag_cell(rag) << "</td>";
        }
      }
      out << "<td>" << direction_cell(run, m, run.months) << "</td></tr>\n";
    }
  }
  out << "</tbody></table>\n";
  if (rows == 0) out << "<p>None of the scorecard's measures is reported by this run (a scenario without a workforce).</p>\n";
  out << "<p class=\"note\"><strong>Rating rule.</strong> ";
  if (probabilities)
    out << "Green: at least 80% of the runs meet the target; amber: 50% to 80%; red: under 50%. The chance of meeting the "
           "target, after the rating, is the share of the runs that meet it in that month.";
  else
    out << "The chance of meeting a target needs each run's values (replications.csv, written by <code>caseflow run "
           "--keep-replications</code>), which this run did not keep, so it is not available. The rating is from the 90% "
           "band instead: green when the whole band meets the target, red when none of it does, amber when the band "
           "straddles it.";
  out << " Direction of travel compares the median at the end of the projection with now: ▲ up, ▼ down, ▶◀ within 2%; "
         "the word says whether that is better or worse for the measure. Targets are the council's own (December 2016 "
         "balanced scorecard, seed 000, and the looked-after reduction strategy, seed 001 §3.5).</p></section>\n";
}

std::string money_cell(double pounds, bool brackets_negative) {
  if (std::isnan(pounds)) return "–";
  const std::string text = format_number(std::fabs(pounds) / 1e6, 3);
  if (pounds < 0) return brackets_negative ? "(" + text + ")" : "−" + text;
  return text;
}

void write_comparison(std::ostream& out, const ReportInput& in) {
  if (!in.compare) return;
  const CompareResults& c = *in.compare;
  out << "<section id=\"comparison\" class=\"break\"><h2>The plans against the baseline</h2>\n";
  std::vector<std::string> scenarios;
  for (const CompareRow& r : c.rows)
    if (std::find(scenarios.begin(), scenarios.end(), r.scenario) == scenarios.end()) scenarios.push_back(r.scenario);
  const std::vector<std::pair<std::string, std::string>> metrics{
      {"caseload_mean", "Average caseload"},          {"sw_agency_share", "Agency share"},
      {"unallocated_total", "Children unallocated"},  {"cp_visits_overdue", "CP visits overdue"},
      {"lac_visits_overdue", "LAC visits overdue"},   {"assessments_in_timescale_share", "Assessments in timescale"},
      {"open_lac", "Looked-after children"},          {"open_total", "Open cases"},
      {"cost_total", "Monthly spend (£ thousand)"}};
  for (const std::string& scenario : scenarios) {
    std::string baseline;
    std::set<int> periods;
    for (const CompareRow& r : c.rows)
      if (r.scenario == scenario) {
        baseline = r.baseline;
        if (!r.period.empty() && std::all_of(r.period.begin(), r.period.end(), ::isdigit)) periods.insert(std::stoi(r.period));
      }
    if (periods.empty()) continue;
    std::vector<int> shown;
    for (int p : {12, 24, 60})
      if (periods.count(p)) shown.push_back(p);
    if (shown.empty() || shown.back() != *periods.rbegin()) shown.push_back(*periods.rbegin());
    // Months by name when the baseline's start is known: the comparison's own, or the lead run's when it is the baseline.
    const std::string start = comparison_start(in);
    out << "<h3>" << html_escape(scenario) << " minus " << html_escape(baseline) << "</h3>\n<table class=\"compare\"><thead><tr><th>Measure</th>";
    for (int p : shown)
      out << "<th class=\"num\">" << (start.empty() ? "Month " + std::to_string(p) : month_name(start, p) + " (month " + std::to_string(p) + ")")
          << "<br><span class=\"note\">difference (95% interval)</span></th>";
    out << "</tr></thead><tbody>\n";
    for (const auto& [metric, label] : metrics) {
      std::string row;
      bool any = false;
      for (int p : shown) {
        const auto it = std::find_if(c.rows.begin(), c.rows.end(), [&](const CompareRow& r) {
          return r.scenario == scenario && r.metric == metric && r.period == std::to_string(p);
        });
        if (it == c.rows.end() || std::isnan(it->diff_mean)) {
          row += "<td class=\"num\">–</td>";
          continue;
        }
        any = true;
        const bool share = metric.find("share") != std::string::npos;
        const bool money = metric == "cost_total";
        const int d = share || metric == "caseload_mean" ? 1 : 0;
        const auto f = [&](double v) {
          return share ? format_number(v * 100, d) + " pts" : money ? format_number(v / 1000, 0) : format_number(v, d);
        };
        const auto g = [&](double v) { return share ? format_number(v * 100, d) : f(v); };  // the interval without the unit
        row += "<td class=\"num\">" + f(it->diff_mean) + " <span class=\"note\">(" + g(it->ci_low) + " to " + g(it->ci_high) +
               ")</span><br><span class=\"note\">" +
               (std::isnan(it->p_better) ? "" : "better in " + format_number(it->p_better * 100, 0) + "%") + "</span></td>";
      }
      if (any) out << "<tr><td>" << label << "</td>" << row << "</tr>\n";
    }
    out << "</tbody></table>\n";
  }
  out << "<p class=\"note\">Each plan and the baseline ran with the same random numbers, replication by replication "
      << (c.replications ? "(" + std::to_string(c.replications) + " pairs) " : "")
      << "so the differences are the plan's doing; the interval is the 95% confidence interval of the mean difference, and "
         "\"better in\" the share of paired runs where the plan did better.</p>\n";
  if (!c.finance.empty()) {
    out << "<h3>Business case by financial year (£m), in the layout of the June 2016 report's table 1</h3>\n";
    for (const std::string& scenario : scenarios) {
      std::vector<std::string> years;
      for (const FinanceCompareRow& r : c.finance)
        if (r.scenario == scenario && std::find(years.begin(), years.end(), r.year) == years.end()) years.push_back(r.year);
      if (years.empty()) continue;
      const auto find = [&](const std::string& line, const std::string& year) -> const FinanceCompareRow* {
        for (const FinanceCompareRow& r : c.finance)
          if (r.scenario == scenario && r.line == line && r.year == year) return &r;
        return nullptr;
      };
      out << "<table><thead><tr><th>" << html_escape(scenario) << "</th>";
      for (const auto& y : years) out << "<th class=\"num\">" << html_escape(y) << "</th>";
      out << "</tr></thead><tbody>\n";
      const auto line_row = [&](const std::string& label, const std::string& line, double sign, bool brackets) {
        out << "<tr><td>" << label << "</td>";
        for (const auto& y : years) {
          const FinanceCompareRow* r = find(line, y);
          out << "<td class=\"num\">" << (r ? money_cell(sign * r->diff_mean, brackets) : "–") << "</td>";
        }
        out << "</tr>\n";
      };
      line_row("Investment: more spent on the workforce", "investment", 1, false);
      line_row("Savings: less spent on placements", "savings", 1, false);
      line_row("<strong>Additional investment (shortfall) / surplus</strong>", "net", -1, true);
      out << "<tr><td class=\"note\">95% interval of the shortfall</td>";
      for (const auto& y : years) {
        const FinanceCompareRow* r = find("net", y);
        out << "<td class=\"num note\">" << (r ? money_cell(-r->ci_high, true) + " to " + money_cell(-r->ci_low, true) : "–") << "</td>";
      }
      out << "</tr></tbody></table>\n";
    }
    out << "<p class=\"note\">As in the council's table, a shortfall (more spent than saved) is in brackets. Investment is "
           "the change in staff, agency, management and business support costs; savings the fall in placement costs "
           "(docs/costs.md).</p>\n";
  }
  out << "</section>\n";
}

void write_chart_grid(std::ostream& out, const json& charts, int& next_id) {
  out << "<div class=\"charts\">\n";
  for (const json& chart : charts) {
    out << "<figure class=\"chart\"><h3>" << html_escape(chart["title"].get<std::string>()) << "</h3><div class=\"vis\" id=\"chart-"
        << next_id++ << "\"></div><figcaption>" << html_escape(chart["note"].get<std::string>()) << "</figcaption></figure>\n";
  }
  out << "</div>\n";
}

std::string source_kind(const std::string& source) {
  static const std::regex statistic("\\bS[0-9]+\\b");
  std::string lower = source;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (source.empty()) return "none";
  if (lower.find("calibrated") != std::string::npos) return "calibrated";
  if (lower.find("seed 00") != std::string::npos) return "council";
  if (std::regex_search(source, statistic)) return "statistics";
  if (lower.find("assumption") != std::string::npos) return "assumption";
  return "other";
}

void write_assumptions(std::ostream& out, const ReportInput& in) {
  out << "<section id=\"assumptions\" class=\"break\"><h2>Assumptions: every value and its source</h2>\n";
  std::map<std::string, int> kinds;
  int values = 0;
  for (const Assumption& a : in.assumptions)
    if (!a.value.empty() && !a.replaced) {
      ++values;
      ++kinds[source_kind(a.source)];
    }
  out << "<p>The scenario sets " << values << " values. Their comments cite the council's own papers for " << kinds["council"]
      << ", England's published statistics for " << kinds["statistics"] << "; " << kinds["calibrated"]
      << " are calibrated (set so that the model reproduces the council's actual figures), " << kinds["assumption"]
      << " are stated assumptions, " << kinds["other"] << " give another reason, and " << kinds["none"]
      << " cite nothing (most of them structure rather than figures). A value whose own line cites nothing shows its "
         "section's comment, marked \"(for section)\".</p>\n";
  if (!in.assumptions_note.empty()) out << "<p class=\"note\">" << html_escape(in.assumptions_note) << "</p>\n";
  out << "<table class=\"assumptions\"><thead><tr><th>Setting</th><th>Value</th><th>Source the file cites</th><th>Where</th>"
         "</tr></thead><tbody>\n";
  for (const Assumption& a : in.assumptions) {
    out << "<tr" << (a.replaced ? " class=\"replaced\" title=\"replaced by a later file or --set\"" : "") << "><td class=\"path\">"
        << html_escape(a.path) << "</td><td>" << (a.value.empty() ? "<span class=\"note\">(section)</span>" : html_escape(a.value))
        << "</td><td class=\"source\">" << html_escape(a.source) << "</td><td class=\"note\">" << html_escape(fs_name(a.file));
    if (a.line > 0) out << ":" << a.line;
    out << "</td></tr>\n";
  }
  out << "</tbody></table><p class=\"note\">Struck-through values are replaced by a file that extends this one or by a "
         "<code>--set</code> on the command line. The sources are as the scenario files' comments give them; seed 000 to "
         "004 are the council papers the model started from, S1, S2, … England's published statistics "
         "(reference/public-figures.md).</p></section>\n";
}

}  // namespace

std::string fs_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void write_report_page(std::ostream& out, const ReportInput& in) {
  const RunResults& lead = in.runs.front();
  json charts = json::array();
  json fans = fan_charts(in.runs);
  json sweeps = in.sweep ? sweep_charts(*in.sweep) : json::array();
  out << "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
         "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"caseflow " << html_escape(lead.version) << " (" << html_escape(lead.commit) << ")\">\n"
      << "<title>Briefing: " << html_escape(lead.scenario) << "</title>\n<style>" << kStyle << "</style></head>\n<body>\n";
  write_header(out, in);
  write_headline(out, in);
  write_scorecard(out, in);
  write_comparison(out, in);

  int next_id = 0;
  out << "<section id=\"charts\" class=\"break\"><h2>The projection month by month</h2>\n<p class=\"note\">In each chart the "
         "solid line is the median of the runs and the dotted line their mean; the light band holds 90% of the runs (5th to "
         "95th percentile)";
  const bool quartiles = std::all_of(in.runs.begin(), in.runs.end(), [](const RunResults& r) { return r.has_replications; });
  if (quartiles) out << " and the darker band the middle 50% (25th to 75th)";
  else out << ". summary.csv holds only the 5th, 50th and 95th percentiles, so the 50% band is shown only for runs made with "
              "<code>--keep-replications</code>";
  out << ". A dashed line is a target.</p>\n";
  const int fan_first = next_id;
  write_chart_grid(out, fans, next_id);
  out << "</section>\n";
  for (std::size_t i = 0; i < fans.size(); ++i)
    charts.push_back({{"id", "chart-" + std::to_string(fan_first + static_cast<int>(i))}, {"spec", fans[i]["spec"]}});

  if (in.sweep) {
    const SweepResults& s = *in.sweep;
    out << "<section id=\"sensitivity\"><h2>Which assumptions matter most</h2>\n<p>From the " << html_escape(s.method)
        << " sweep <em>" << html_escape(s.name) << "</em> of " << html_escape(fs_name(s.base_scenario)) << " ("
        << s.replications << " replications at each point; docs/sensitivity.md).</p>\n";
    const int first = next_id;
    if (sweeps.empty()) out << "<p>The database holds no analysis yet (an unfinished sweep?).</p>\n";
    else write_chart_grid(out, sweeps, next_id);
    out << "</section>\n";
    for (std::size_t i = 0; i < sweeps.size(); ++i)
      charts.push_back({{"id", "chart-" + std::to_string(first + static_cast<int>(i))}, {"spec", sweeps[i]["spec"]}});
  }

  out << "<section id=\"pathway\" class=\"break\"><h2>The pathway a child follows</h2>\n<p class=\"note\">Each box is a stage "
         "with the children entering it a year (the mean over the projection); each arrow the share that moves on, and how "
         "long it takes.</p>\n";
  if (!in.pathway.svg.empty()) out << "<div class=\"pathway\">" << in.pathway.svg << "</div>\n";
  else out << "<p><strong>" << html_escape(in.pathway.note) << "</strong></p>\n<pre>" << html_escape(in.pathway.dot) << "</pre>\n";
  out << "</section>\n";

  write_assumptions(out, in);

  out << "<footer>Written by caseflow " << html_escape(lead.version) << " (commit " << html_escape(lead.commit) << ") from "
      << html_escape(lead.dir.string()) << "; scenario file hash " << html_escape(lead.manifest.value("config_hash_fnv1a64", std::string()))
      << ". Charts drawn in the page by";
  for (std::size_t i = 0; i < in.assets.size(); ++i)
    out << (i ? "," : "") << " " << html_escape(in.assets[i].name) << " " << html_escape(in.assets[i].version);
  out << " (BSD-3-Clause; licences below). The page makes no network requests.\n<details class=\"no-print\"><summary>Software "
         "licences</summary>";
  for (const Asset& a : in.assets) out << "<h3>" << html_escape(a.name) << "</h3><pre>" << html_escape(a.licence) << "</pre>";
  out << "</details></footer>\n";

  std::string data = charts.dump();
  for (std::size_t at = 0; (at = data.find("</", at)) != std::string::npos; at += 3) data.replace(at, 2, "<\\/");
  out << "<script type=\"application/json\" id=\"caseflow-charts\">" << data << "</script>\n";
  for (const Asset& a : in.assets) out << "<script>/* " << a.name << " " << a.version << " */\n" << script_safe(a.script) << "\n</script>\n";
  out << "<script>" << kBoot << "</script>\n</body></html>\n";
  in.charts_drawn = static_cast<int>(charts.size());
}

}  // namespace caseflow
