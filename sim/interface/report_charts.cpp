// The briefing's charts as Vega-Lite specifications (nlohmann::json), data
// inline: fan charts of the projection, and the sweep's tornado or index bars.
// The page embeds each with vega-embed (report_html.cpp).
#include <algorithm>
#include <set>

#include "report.h"

namespace caseflow {

using nlohmann::json;

namespace {

// Okabe and Ito's palette: told apart with the common colour-vision deficiencies.
const json kPalette = json::array({"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"});

enum class Unit { count, share, money, number };

struct Target {
  std::string metric;
  double value;
  std::string label;
};

struct FanDef {
  std::string id, title, note;
  std::vector<std::pair<std::string, std::string>> metrics;  // metric, label
  Unit unit;
  std::string axis_title;
  std::vector<Target> targets;
};

const std::vector<FanDef>& fan_definitions() {
  static const std::vector<FanDef> defs{
      {"open", "Open cases by type", "Children open to social care at each month end.",
       {{"open_assessment", "Assessment"}, {"open_cin", "Child in need"}, {"open_cp", "Child protection"}, {"open_lac", "Looked after"}},
       Unit::count, "children", {}},
      {"caseload", "Average caseload per social worker", "Children per social worker holding cases; the council's target is 18.",
       {{"caseload_mean", "Average caseload"}}, Unit::number, "children per worker", {{"caseload_mean", 18, "target 18"}}},
      {"over_cap", "Social workers over their caseload cap", "Share of social workers holding more children than their team's cap, and more than 24.",
       {{"caseload_share_over_cap", "Over their cap"}, {"caseload_share_over_24", "Over 24 children"}}, Unit::share, "share of workers", {}},
      {"unallocated", "Children waiting for a social worker", "Children open but not allocated to a social worker at month end.",
       {{"unallocated_total", "All children"}, {"unallocated_cp", "On a child protection plan"}}, Unit::count, "children", {}},
      {"agency", "Agency (locum) share of social workers", "The council's target is 10% (seed 000 scorecard).",
       {{"sw_agency_share", "Agency share"}}, Unit::share, "share of social workers", {{"sw_agency_share", 0.10, "target 10%"}}},
      {"vacancies", "Vacant social worker posts", "Posts in the establishment with nobody in them at month end.",
       {{"sw_vacancies", "Vacant posts"}}, Unit::count, "posts", {}},
      {"timeliness", "Work done in timescale", "Assessments within 45 working days (target 98%) and initial conferences within 15 (target 95%).",
       {{"assessments_in_timescale_share", "Assessments in 45 working days"}, {"icpc_in_timescale_share", "Conferences in 15 working days"}},
       Unit::share, "share in timescale", {{"assessments_in_timescale_share", 0.98, "target 98%"}, {"icpc_in_timescale_share", 0.95, "target 95%"}}},
      {"overdue", "Statutory visits overdue at month end", "Targets: at most 5 child protection and 20 looked-after visits overdue (seed 000 scorecard).",
       {{"cp_visits_overdue", "Child protection visits"}, {"lac_visits_overdue", "Looked-after visits"}}, Unit::count, "visits overdue",
       {{"cp_visits_overdue", 5, "CP target 5"}, {"lac_visits_overdue", 20, "LAC target 20"}}},
      {"cost", "Monthly spend", "What the modelled services cost each month, in £ million (docs/costs.md).",
       {{"cost_total", "All modelled costs"}, {"cost_placements", "Placements"}, {"cost_agency", "Agency staff"}}, Unit::money, "£ million a month", {}},
  };
  return defs;
}

json value_or_null(double v, double scale) { return std::isnan(v) ? json(nullptr) : json(v * scale); }

json axis_for(Unit unit, const std::string& title) {
  json axis{{"title", title}, {"titleFontWeight", "normal"}, {"grid", true}};
  if (unit == Unit::share) axis["format"] = ".0%";
  if (unit == Unit::count) axis["format"] = ",d";
  if (unit == Unit::money) axis["format"] = ",.1f";
  return axis;
}

}  // namespace

std::vector<std::string> report_metrics() {
  std::vector<std::string> names;
  for (const FanDef& d : fan_definitions())
    for (const auto& [metric, label] : d.metrics) names.push_back(metric);
  for (const Measure& m : scorecard_measures()) names.push_back(m.metric);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

json fan_charts(const std::vector<RunResults>& runs) {
  json charts = json::array();
  const bool several = runs.size() > 1;
  const bool quartiles = std::all_of(runs.begin(), runs.end(), [](const RunResults& r) { return r.has_replications; });
  // With several runs the colour tells the runs apart, so a chart of several
  // metrics becomes one chart a metric.
  std::vector<FanDef> defs;
  for (const FanDef& def : fan_definitions()) {
    if (!several || def.metrics.size() == 1) {
      defs.push_back(def);
      continue;
    }
    for (const auto& metric : def.metrics) {
      FanDef one = def;
      one.id = def.id + "-" + metric.first;
      one.title = def.title + ": " + metric.second;
      one.metrics = {metric};
      one.targets.clear();
      for (const Target& t : def.targets)
        if (t.metric == metric.first) one.targets.push_back(t);
      defs.push_back(one);
    }
  }
  for (const FanDef& def : defs) {
    json values = json::array();
    std::vector<std::string> series_names, missing;
    const double scale = def.unit == Unit::money ? 1e-6 : 1.0;
    for (const auto& [metric, label] : def.metrics) {
      bool any = false;
      for (const RunResults& run : runs) {
        if (!run.has(metric)) continue;
        const std::string name = several ? (def.metrics.size() > 1 ? label + " (" + run.scenario + ")" : run.scenario) : label;
        bool added = false;
        const auto& series = run.series.at(metric);
        for (std::size_t m = 0; m < series.size(); ++m) {
          const Band& b = series[m];
          if (!b.reported()) continue;
          values.push_back({{"series", name},
                            {"date", month_date(run.start_date, static_cast<int>(m))},
                            {"month", m},
                            {"mean", value_or_null(b.mean, scale)},
                            {"p5", value_or_null(b.p5, scale)},
                            {"p25", value_or_null(b.p25, scale)},
                            {"p50", value_or_null(b.p50, scale)},
                            {"p75", value_or_null(b.p75, scale)},
                            {"p95", value_or_null(b.p95, scale)}});
          added = true;
        }
        if (added && std::find(series_names.begin(), series_names.end(), name) == series_names.end()) series_names.push_back(name);
        any |= added;
      }
      if (!any) missing.push_back(metric);
    }
    if (values.empty()) continue;
    const json x{{"field", "date"}, {"type", "temporal"}, {"scale", {{"type", "utc"}}},
                 {"axis", {{"title", nullptr}, {"format", "%b %Y"}, {"labelAngle", 0}, {"tickCount", 5}}}};
    const json color{{"field", "series"}, {"type", "nominal"}, {"title", nullptr},
                     {"scale", {{"domain", series_names}, {"range", kPalette}}},
                     {"legend", series_names.size() > 1 ? json{{"orient", "bottom"}, {"columns", series_names.size() > 2 && !several ? 2 : 1}, {"labelLimit", 280}}
                                                        : json(nullptr)}};
    json y = {{"field", "p5"}, {"type", "quantitative"}, {"axis", axis_for(def.unit, def.axis_title)},
              {"scale", {{"zero", def.unit != Unit::share || def.id.rfind("over_cap", 0) == 0 || def.id.rfind("agency", 0) == 0}}}};
    // A count that stays at 0 (nobody waiting, say) still gets an axis from 0 up. (A data-driven
    // domain, {unionWith}, draws Vega-Lite warnings: the layers' fields each merge with it.)
    double top = 0;
    for (const json& v : values)
      if (v["p95"].is_number()) top = std::max(top, v["p95"].get<double>());
    if (def.unit == Unit::count && top <= 0) y["scale"]["domain"] = {0, 5};
    json layers = json::array();
    layers.push_back({{"mark", {{"type", "area"}, {"opacity", 0.18}}},
                      {"encoding", {{"x", x}, {"y", y}, {"y2", {{"field", "p95"}}}, {"color", color}}}});
    if (quartiles) {
      json y25 = y;
      y25["field"] = "p25";
      layers.push_back({{"mark", {{"type", "area"}, {"opacity", 0.35}}},
                        {"encoding", {{"x", x}, {"y", y25}, {"y2", {{"field", "p75"}}}, {"color", color}}}});
    }
    json yline = y;
    yline["field"] = "p50";
    layers.push_back({{"mark", {{"type", "line"}, {"strokeWidth", 2}}}, {"encoding", {{"x", x}, {"y", yline}, {"color", color}}}});
    json ymean = y;
    ymean["field"] = "mean";
    layers.push_back({{"mark", {{"type", "line"}, {"strokeWidth", 1}, {"strokeDash", {2, 2}}}},
                      {"encoding", {{"x", x}, {"y", ymean}, {"color", color}}}});
    json targets = json::array();
    for (const Target& t : def.targets)
      if (std::find(missing.begin(), missing.end(), t.metric) == missing.end())
        targets.push_back({{"target", t.value * scale}, {"label", t.label}});
    // Highest first: its label goes above its line, the next one's below.
    std::sort(targets.begin(), targets.end(), [](const json& a, const json& b) { return a["target"].get<double>() > b["target"].get<double>(); });
    if (!targets.empty()) {
      json ty = {{"field", "target"}, {"type", "quantitative"}};
      layers.push_back({{"data", {{"values", targets}}},
                        {"mark", {{"type", "rule"}, {"strokeDash", {6, 4}}, {"color", "#333333"}, {"strokeWidth", 1.5}}},
                        {"encoding", {{"y", ty}}}});
      // Labels above their line, the second below it, so that two close targets stay legible.
      for (std::size_t i = 0; i < targets.size(); ++i) {
        const bool below = i % 2 == 1;
        layers.push_back({{"data", {{"values", json::array({targets[i]})}}},
                          {"mark", {{"type", "text"}, {"align", "right"}, {"baseline", below ? "top" : "bottom"}, {"dy", below ? 2 : -2},
                                    {"x", "width"}, {"fontSize", 10}, {"color", "#333333"}}},
                          {"encoding", {{"y", ty}, {"text", {{"field", "label"}}}}}});
      }
    }
    json spec{{"width", 270},
              {"height", 170},
              {"data", {{"values", values}}},
              {"layer", layers},
              {"config", {{"font", "system-ui, sans-serif"}, {"view", {{"stroke", nullptr}}}, {"axis", {{"labelFontSize", 10}}}}}};
    std::string note = def.note;
    if (!missing.empty()) {
      note += " Not reported by this run:";
      for (const auto& m : missing) note += " " + m;
      note += ".";
    }
    charts.push_back({{"id", def.id}, {"title", def.title}, {"note", note}, {"spec", spec}});
  }
  return charts;
}

json sweep_charts(const SweepResults& sweep) {
  json charts = json::array();
  std::vector<std::string> outputs;
  if (sweep.method == "oat") {
    for (const TornadoBar& b : sweep.tornado)
      if (std::find(outputs.begin(), outputs.end(), b.output) == outputs.end()) outputs.push_back(b.output);
    for (const std::string& output : outputs) {
      json values = json::array();
      std::vector<std::pair<double, std::string>> order;
      for (const TornadoBar& b : sweep.tornado) {
        if (b.output != output) continue;
        const double low = b.at_low - b.base, high = b.at_high - b.base;
        order.push_back({-std::max(std::fabs(low), std::fabs(high)), b.parameter});
        values.push_back({{"parameter", b.parameter}, {"end", "at its lowest (" + format_number(b.low_value, 3) + ")"},
                          {"which", "lowest"}, {"delta", value_or_null(low, 1)}});
        values.push_back({{"parameter", b.parameter}, {"end", "at its highest (" + format_number(b.high_value, 3) + ")"},
                          {"which", "highest"}, {"delta", value_or_null(high, 1)}});
      }
      std::sort(order.begin(), order.end());
      json sort = json::array();
      for (const auto& [key, name] : order) sort.push_back(name);
      const std::string label = sweep.output_labels.count(output) ? sweep.output_labels.at(output) : output;
      json spec{{"width", 270},
                {"height", {{"step", 18}}},
                {"data", {{"values", values}}},
                {"mark", {{"type", "bar"}}},
                {"encoding",
                 {{"y", {{"field", "parameter"}, {"type", "nominal"}, {"sort", sort}, {"title", nullptr}}},
                  {"yOffset", {{"field", "which"}, {"sort", {"lowest", "highest"}}}},
                  {"x", {{"field", "delta"}, {"type", "quantitative"}, {"title", "change from the base, " + label}}},
                  {"x2", {{"datum", 0}}},
                  {"color", {{"field", "which"}, {"type", "nominal"}, {"title", "parameter"},
                             {"scale", {{"domain", {"lowest", "highest"}}, {"range", {"#56B4E9", "#D55E00"}}}},
                             {"legend", {{"orient", "bottom"}}}}}}},
                {"config", {{"font", "system-ui, sans-serif"}, {"view", {{"stroke", nullptr}}}}}};
      charts.push_back({{"id", "sweep-" + output},
                        {"title", "What moves " + output + " most"},
                        {"note", "Each parameter over its whole range with every other at the base value: the bar is the "
                                 "change in the mean of " + label + " from the base point (a tornado chart)."},
                        {"spec", spec}});
    }
    return charts;
  }
  // Designs with indices: the ranking statistic, with its 95% interval.
  std::set<std::string> shown;
  if (sweep.method == "morris") shown = {"mu_star"};
  else if (sweep.method == "sobol") shown = {"S1", "ST"};
  else shown = {"spearman"};
  for (const SweepEstimate& e : sweep.estimates)
    if (shown.count(e.statistic) && std::find(outputs.begin(), outputs.end(), e.output) == outputs.end()) outputs.push_back(e.output);
  for (const std::string& output : outputs) {
    json values = json::array();
    std::vector<std::pair<double, std::string>> order;
    std::string label;
    for (const SweepEstimate& e : sweep.estimates) {
      if (e.output != output || !shown.count(e.statistic)) continue;
      label = e.metric + ", " + e.period;
      values.push_back({{"parameter", e.parameter}, {"statistic", e.statistic}, {"value", value_or_null(e.value, 1)},
                        {"low", value_or_null(e.low, 1)}, {"high", value_or_null(e.high, 1)}});
      if (e.statistic == *shown.rbegin()) order.push_back({-std::fabs(std::isnan(e.value) ? 0 : e.value), e.parameter});
    }
    std::sort(order.begin(), order.end());
    json sort = json::array();
    for (const auto& [key, name] : order) sort.push_back(name);
    const json y{{"field", "parameter"}, {"type", "nominal"}, {"sort", sort}, {"title", nullptr}};
    const json color{{"field", "statistic"}, {"type", "nominal"}, {"title", "index"},
                     {"scale", {{"range", {"#0072B2", "#E69F00"}}}}, {"legend", {{"orient", "bottom"}}}};
    json spec{{"width", 270},
              {"height", {{"step", 16}}},
              {"data", {{"values", values}}},
              {"encoding", {{"y", y}, {"yOffset", {{"field", "statistic"}}}, {"color", color}}},
              {"layer",
               {{{"mark", "bar"}, {"encoding", {{"x", {{"field", "value"}, {"type", "quantitative"}, {"title", label}}}}}},
                {{"mark", {{"type", "rule"}, {"color", "#333333"}}},
                 {"encoding", {{"x", {{"field", "low"}, {"type", "quantitative"}}}, {"x2", {{"field", "high"}}}}}}}},
              {"config", {{"font", "system-ui, sans-serif"}, {"view", {{"stroke", nullptr}}}}}};
    std::string statistic_words = sweep.method == "morris" ? "Morris mu* (the typical change in the output over the parameter's range)"
                                  : sweep.method == "sobol" ? "Sobol first-order (S1) and total (ST) indices: the share of the output's variance due to the parameter"
                                                            : "the Spearman rank correlation of the parameter with the output";
    charts.push_back({{"id", "sweep-" + output},
                      {"title", "What moves " + output + " most"},
                      {"note", "Bars: " + statistic_words + ", with its 95% interval; an interval that includes 0 reads as 0."},
                      {"spec", spec}});
  }
  return charts;
}

}  // namespace caseflow
