#include "caseflow/runner/episode_fit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"

namespace caseflow {

namespace {

long day_number(const Date& date) { return static_cast<long>(std::chrono::sys_days(date).time_since_epoch().count()); }

}  // namespace

// ---- reading ------------------------------------------------------------------

EpisodeData parse_episodes_csv(const std::string& text, const std::string& file_name, const Pathway& pathway,
                               std::optional<Date> extract_date) {
  static const std::vector<std::string> kRequired{"child_id", "state", "start_date", "end_date", "reason"};
  struct Row {
    int line;
    std::uint32_t state, to;
    std::optional<long> start, end;
  };
  std::vector<Row> rows;
  std::map<std::string, std::size_t> column;  // name -> position
  std::map<std::pair<std::string, std::string>, int> open_line;  // (replication, child) -> line of its open episode
  long latest = std::numeric_limits<long>::min();
  bool header_seen = false;
  for (const CsvRecord& record : read_csv(text, file_name, '#')) {
    const auto fail = [&](const std::string& name, const std::string& message) {
      throw ConfigError(file_name, name.empty() ? "" : "column " + name, record.line, message);
    };
    if (!header_seen) {
      for (std::size_t i = 0; i < record.fields.size(); ++i) column[record.fields[i]] = i;
      for (const auto& name : kRequired)
        if (!column.count(name))
          fail("", "expected a header naming the columns child_id, state, start_date, end_date and reason (and "
                   "optionally replication); no column '" + name + "'");
      header_seen = true;
      continue;
    }
    const auto field = [&](const std::string& name) -> std::string {
      const auto it = column.find(name);
      if (it == column.end()) return {};
      if (it->second >= record.fields.size())
        fail(name, "expected " + std::to_string(column.size()) + " columns as in the header, got " +
                       std::to_string(record.fields.size()));
      return record.fields[it->second];
    };
    const auto state_of = [&](const std::string& name, const std::string& value) -> std::uint32_t {
      const auto s = pathway.find(value);
      if (!s) fail(name, "expected a state of the base scenario's pathway, got '" + value + "'");
      return *s;
    };
    const auto date_of = [&](const std::string& name) -> std::optional<long> {
      const std::string value = field(name);
      if (value.empty()) return std::nullopt;
      try {
        const long day = day_number(parse_date(value));
        latest = std::max(latest, day);
        return day;
      } catch (const std::invalid_argument&) {
        fail(name, "expected a date as YYYY-MM-DD (or empty), got '" + value + "'");
      }
      return std::nullopt;  // not reached: fail throws
    };
    Row row{record.line, 0, Episode::kOpen, std::nullopt, std::nullopt};
    const std::string child = field("child_id");
    if (child.empty()) fail("child_id", "expected the child's id, got an empty field");
    row.state = state_of("state", field("state"));
    if (pathway.states[row.state].is_exit())
      fail("state", "'" + field("state") + "' is an exit: children leave the pathway there, so it has no episodes");
    row.start = date_of("start_date");
    row.end = date_of("end_date");
    const std::string reason = field("reason");
    if (row.end) {
      if (reason.empty()) fail("reason", "expected the state the child went to (or adulthood) for an episode that ended");
      row.to = reason == "adulthood" ? Episode::kAdulthood : state_of("reason", reason);
      if (row.to == row.state) fail("reason", "an episode cannot end by moving to its own state ('" + reason + "')");
      if (row.start && *row.end < *row.start)
        fail("end_date", "expected an end on or after the start " + field("start_date") + ", got " + field("end_date"));
    } else {
      if (!reason.empty()) fail("reason", "expected no reason for an episode still open (empty end_date), got '" + reason + "'");
      const auto key = std::make_pair(field("replication"), child);
      if (const auto it = open_line.find(key); it != open_line.end())
        fail("end_date", "child " + child + " already has an episode open (line " + std::to_string(it->second) +
                             "): a child is in one state at a time");
      open_line[key] = record.line;
    }
    rows.push_back(row);
  }
  if (!header_seen) throw ConfigError(file_name, "", 0, "no header: expected child_id,state,start_date,end_date,reason");
  EpisodeData data;
  data.rows = rows.size();
  long extract = latest;
  if (extract_date) {
    extract = day_number(*extract_date);
    for (const Row& row : rows)
      for (const auto& day : {row.start, row.end})
        if (day && *day > extract)
          throw ConfigError(file_name, "", row.line, "a date after the extract date " + format_date(*extract_date));
  }
  if (rows.empty()) return data;
  data.extract_date = Date{std::chrono::sys_days{std::chrono::days{extract}}};
  for (const Row& row : rows) {
    EpisodeRecord e;
    e.state = row.state;
    e.to = row.to;
    e.start_known = row.start.has_value();
    if (row.start) e.days = static_cast<double>((row.end ? *row.end : extract) - *row.start);
    data.episodes.push_back(e);
  }
  return data;
}

// ---- the estimators -------------------------------------------------------------

CompetingRisks fit_competing_risks(const std::vector<double>& time, const std::vector<std::uint32_t>& cause, std::size_t causes) {
  if (time.size() != cause.size()) throw std::invalid_argument("fit_competing_risks: times and causes differ in number");
  CompetingRisks fit;
  fit.observations = time.size();
  fit.cause_events.resize(causes);
  fit.incidence.resize(causes);
  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
  double survival = 1.0, greenwood = 0.0;
  std::vector<double> incidence(causes, 0.0), d_k(causes);
  std::size_t i = 0;
  while (i < order.size()) {
    const double t = time[order[i]];
    const double n = static_cast<double>(order.size() - i);
    std::fill(d_k.begin(), d_k.end(), 0.0);
    double d = 0;
    for (; i < order.size() && time[order[i]] == t; ++i) {
      const std::uint32_t c = cause[order[i]];
      if (c > causes) throw std::invalid_argument("fit_competing_risks: a cause beyond the number of causes");
      if (c == 0) {
        ++fit.censored;
        continue;
      }
      d_k[c - 1] += 1;
      d += 1;
    }
    if (d == 0) continue;  // censored only: the next event's risk set is smaller
    for (std::size_t k = 0; k < causes; ++k) {
      incidence[k] += survival * d_k[k] / n;  // S(t-) times the cause's hazard
      fit.cause_events[k].push_back(d_k[k]);
      fit.incidence[k].push_back(incidence[k]);
    }
    survival *= 1.0 - d / n;
    if (n > d) greenwood += d / (n * (n - d));
    fit.times.push_back(t);
    fit.at_risk.push_back(n);
    fit.events.push_back(d);
    fit.survival.push_back(survival);
    fit.greenwood_se.push_back(survival * std::sqrt(greenwood));
  }
  fit.unresolved = fit.survival.empty() ? 1.0 : fit.survival.back();
  fit.final_incidence = incidence;
  for (std::size_t k = 0; k < causes; ++k)
    fit.final_incidence_se.push_back(route_share(fit, time, cause, {k + 1}, false).se);
  return fit;
}

double CompetingRisks::incidence_at(std::size_t cause, double t) const {
  const auto after = std::upper_bound(times.begin(), times.end(), t) - times.begin();
  return after == 0 ? 0.0 : incidence[cause][static_cast<std::size_t>(after - 1)];
}

double restricted_mean_se(const CompetingRisks& fit) {
  // Var = sum_j A_j^2 d_j / (n_j (n_j - d_j)), A_j = integral of S from u_j to tau.
  double variance = 0.0, area = 0.0;
  for (std::size_t j = fit.times.size(); j-- > 0;) {
    if (j + 1 < fit.times.size()) area += fit.survival[j] * (fit.times[j + 1] - fit.times[j]);
    const double n = fit.at_risk[j], d = fit.events[j];
    if (n > d && area > 0) variance += area * area * d / (n * (n - d));
  }
  return std::sqrt(variance);
}

namespace {

bool in(const std::vector<std::size_t>& ks, std::uint32_t c) {
  return c > 0 && (ks.empty() || std::find(ks.begin(), ks.end(), c) != ks.end());
}

//! Each observation's influence on G = sum_j w_j S(u_j-) dLambda_K(u_j), K the
//! causes in `ks` (empty: all), and G itself. Its variance is the sum of
//! squares. Perturbing the Nelson–Aalen increments dLambda_j by one
//! observation, (dN_ij - Y_ij dLambda_j) / n_j, through the product-limit S:
//!   IF_i = [i has an event in K at u_l] a_l - [i has an event at u_l] h_l - sum_{j: u_j <= T_i} (dLambda_Kj a_j - dLambda_j h_j)
// with a_j = w_j S(u_j-) / n_j and h_j = (G(tau) - G(u_j)) / ((1 - dLambda_j) n_j).
std::pair<double, std::vector<double>> influence(const CompetingRisks& fit, const std::vector<double>& time,
                                                 const std::vector<std::uint32_t>& cause, const std::vector<std::size_t>& ks,
                                                 bool weight_by_time) {
  const std::size_t J = fit.times.size();
  std::vector<double> a(J), dl(J), dlk(J), g_cum(J);
  double s_before = 1.0, g = 0.0;
  for (std::size_t j = 0; j < J; ++j) {
    double dk = 0;
    for (std::size_t k = 0; k < fit.cause_events.size(); ++k)
      if (in(ks, static_cast<std::uint32_t>(k + 1))) dk += fit.cause_events[k][j];
    const double n = fit.at_risk[j], w = weight_by_time ? fit.times[j] : 1.0;
    dl[j] = fit.events[j] / n;
    dlk[j] = dk / n;
    a[j] = w * s_before / n;
    g += w * s_before * dlk[j];
    g_cum[j] = g;
    s_before = fit.survival[j];
  }
  std::vector<double> h(J), c(J);
  double running = 0.0;
  for (std::size_t j = 0; j < J; ++j) {
    h[j] = dl[j] < 1.0 ? (g - g_cum[j]) / ((1.0 - dl[j]) * fit.at_risk[j]) : 0.0;
    running += dlk[j] * a[j] - dl[j] * h[j];
    c[j] = running;
  }
  std::vector<double> result(time.size(), 0.0);
  for (std::size_t i = 0; i < time.size(); ++i) {
    const auto after = std::upper_bound(fit.times.begin(), fit.times.end(), time[i]) - fit.times.begin();
    if (after == 0) continue;  // gone before the first event: no influence
    const auto l = static_cast<std::size_t>(after - 1);
    double v = -c[l];
    if (cause[i] > 0 && fit.times[l] == time[i]) {
      if (in(ks, cause[i])) v += a[l];
      v -= h[l];
    }
    result[i] = v;
  }
  return {g, result};
}

double sum_of_squares(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return s;
}

}  // namespace

MeanEstimate conditional_mean(const CompetingRisks& fit, const std::vector<double>& time, const std::vector<std::uint32_t>& cause,
                              std::size_t k) {
  const std::vector<std::size_t> ks = k == 0 ? std::vector<std::size_t>{} : std::vector<std::size_t>{k};
  const auto [f, f_if] = influence(fit, time, cause, ks, false);
  const auto [m, m_if] = influence(fit, time, cause, ks, true);
  if (f <= 0) return {0.0, 0.0};
  const double mean = m / f;
  std::vector<double> ratio(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) ratio[i] = (m_if[i] - mean * f_if[i]) / f;
  return {mean, std::sqrt(sum_of_squares(ratio))};
}

MeanEstimate route_share(const CompetingRisks& fit, const std::vector<double>& time, const std::vector<std::uint32_t>& cause,
                         const std::vector<std::size_t>& ks, bool renormalise) {
  const auto [f, f_if] = influence(fit, time, cause, ks, false);
  if (!renormalise) return {f, std::sqrt(sum_of_squares(f_if))};
  const auto [all, all_if] = influence(fit, time, cause, {}, false);
  if (all <= 0) return {0.0, 0.0};
  const double share = f / all;
  std::vector<double> ratio(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) ratio[i] = (f_if[i] - share * all_if[i]) / all;
  return {share, std::sqrt(sum_of_squares(ratio))};
}

std::pair<std::vector<double>, std::vector<double>> histogram_of(const std::vector<double>& times,
                                                                 const std::vector<double>& masses, int bins) {
  std::vector<double> t, m;
  for (std::size_t i = 0; i < times.size(); ++i)
    if (masses[i] > 0) {
      t.push_back(times[i]);
      m.push_back(masses[i]);
    }
  if (t.empty()) return {};
  if (t.size() == 1) return {{t[0]}, {1.0}};
  const double total = std::accumulate(m.begin(), m.end(), 0.0);
  std::vector<double> edges{std::max(0.0, t.front() - 0.5)}, weights;
  double cumulative = 0.0, in_bin = 0.0;
  int level = 1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    cumulative += m[i];
    in_bin += m[i];
    const bool last = i + 1 == t.size();
    if (last || cumulative >= total * level / bins) {
      edges.push_back(last ? t[i] + 0.5 : 0.5 * (t[i] + t[i + 1]));
      weights.push_back(in_bin / total);
      in_bin = 0.0;
      while (level < bins && cumulative >= total * level / bins) ++level;
    }
  }
  return {edges, weights};
}

double histogram_mean(const std::vector<double>& edges, const std::vector<double>& weights) {
  if (edges.size() == 1) return edges[0];
  double mean = 0, total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    mean += weights[i] * 0.5 * (edges[i] + edges[i + 1]);
    total += weights[i];
  }
  return total > 0 ? mean / total : 0.0;
}

// ---- the fit of a pathway -----------------------------------------------------

namespace {

bool same_duration(const DurationSpec& a, const DurationSpec& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == DurationSpec::Kind::until_age) return a.age_years == b.age_years;
  return a.unit == b.unit && a.distribution.describe() == b.distribution.describe();
}

std::string fixed1(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f", x);
  return buffer;
}

//! The masses a cause (0: all) puts at each event time: S(u_j-) d_kj / n_j.
std::vector<double> masses_of(const CompetingRisks& fit, std::size_t k) {
  std::vector<double> masses(fit.times.size());
  double s_before = 1.0;
  for (std::size_t j = 0; j < fit.times.size(); ++j) {
    masses[j] = s_before * (k == 0 ? fit.events[j] : fit.cause_events[k - 1][j]) / fit.at_risk[j];
    s_before = fit.survival[j];
  }
  return masses;
}

}  // namespace

std::vector<StateFit> fit_episodes(const std::vector<EpisodeRecord>& episodes, const Pathway& base, const FitOptions& options) {
  std::vector<StateFit> fits;
  for (std::uint32_t s = 0; s < base.states.size(); ++s) {
    const State& state = base.states[s];
    if (state.is_exit()) continue;
    StateFit fit;
    fit.state = s;
    // Routes: the base's transitions, then states only the data go to.
    for (const Transition& t : state.transitions) {
      RouteFit route;
      route.to = t.to;
      route.until_age = t.duration.kind == DurationSpec::Kind::until_age;
      fit.routes.push_back(route);
    }
    for (const auto& t : state.transitions) fit.per_route = fit.per_route || !same_duration(t.duration, state.transitions[0].duration);
    std::vector<double> time;
    std::vector<std::uint32_t> cause;
    for (const EpisodeRecord& e : episodes) {
      if (e.state != s) continue;
      if (!e.start_known) {
        ++fit.left_out;
        continue;
      }
      std::uint32_t c = 0;
      if (e.to == Episode::kAdulthood) {
        ++fit.adulthood;
      } else if (e.to != Episode::kOpen) {
        auto it = std::find_if(fit.routes.begin(), fit.routes.end(), [&](const RouteFit& r) { return r.to == e.to; });
        if (it == fit.routes.end()) {
          RouteFit route;
          route.to = e.to;
          route.in_base = false;
          fit.routes.push_back(route);
          it = fit.routes.end() - 1;
        }
        c = static_cast<std::uint32_t>(it - fit.routes.begin() + 1);
        it->events += 1;
      }
      time.push_back(e.days);
      cause.push_back(c);
    }
    fit.episodes = time.size();
    const std::size_t causes = fit.routes.size();
    for (auto c : cause) (c == 0 ? fit.censored : fit.events) += 1;
    const bool new_routes = std::any_of(fit.routes.begin(), fit.routes.end(), [](const RouteFit& r) { return !r.in_base; });
    if (fit.episodes < options.min_episodes || fit.events == 0) {
      fit.note = std::to_string(fit.episodes) + " episodes of known start, " + std::to_string(fit.events) +
                 " ended (fewer than " + std::to_string(options.min_episodes) + " or none ended): kept the base's values";
      fits.push_back(std::move(fit));
      continue;
    }
    const CompetingRisks cr = fit_competing_risks(time, cause, causes);
    fit.tau = cr.times.back();
    fit.unresolved = cr.unresolved;
    const bool resolved = cr.unresolved <= options.max_unresolved;
    std::size_t until_routes = 0, until_index = 0;
    for (std::size_t k = 0; k < causes; ++k)
      if (fit.routes[k].until_age) until_routes++, until_index = k;
    const std::string open_share = fixed1(100.0 * cr.unresolved) + "% of episodes unresolved at the end of follow-up (" +
                                   fixed1(fit.tau) + " days)";

    // Routing.
    if (resolved) {
      fit.routing_estimated = true;
      for (std::size_t k = 0; k < causes; ++k) {
        const MeanEstimate share = route_share(cr, time, cause, {k + 1}, true);
        fit.routes[k].share = share.mean;
        fit.routes[k].share_se = share.se;
        fit.routes[k].share_estimated = true;
      }
    } else if (until_routes == 1) {
      fit.routing_estimated = true;
      std::vector<std::size_t> others;
      for (std::size_t k = 0; k < causes; ++k) {
        if (k == until_index) continue;
        others.push_back(k + 1);
        const MeanEstimate share = route_share(cr, time, cause, {k + 1}, false);
        fit.routes[k].share = share.mean;
        fit.routes[k].share_se = share.se;
        fit.routes[k].share_estimated = true;
      }
      const MeanEstimate rest = route_share(cr, time, cause, others, false);
      RouteFit& until = fit.routes[until_index];
      until.share = 1.0 - rest.mean;
      until.share_se = rest.se;
      until.share_estimated = true;
      until.note = "share: the rest, with the " + open_share + " taken as waiting for their birthday";
    } else {
      fit.note = "routing kept: " + open_share;
    }
    if (new_routes && !fit.routing_estimated) {
      fit.note += "; routes not in the base seen but not estimable";
    }

    // Durations.
    if (!fit.per_route) {
      if (fit.routes.front().until_age) {
        fit.note += std::string(fit.note.empty() ? "" : "; ") + "duration kept: until_age is set by birthdays";
      } else if (!resolved) {
        fit.note += std::string(fit.note.empty() ? "" : "; ") + "duration kept: " + open_share;
      } else {
        fit.duration_estimated = true;
        double area = 0.0, s_before = 1.0, last = 0.0;  // restricted mean: integral of S to tau
        for (std::size_t j = 0; j < cr.times.size(); ++j) {
          area += s_before * (cr.times[j] - last);
          last = cr.times[j];
          s_before = cr.survival[j];
        }
        fit.mean_days = area;
        fit.mean_se = restricted_mean_se(cr);
        std::tie(fit.edges, fit.weights) = histogram_of(cr.times, masses_of(cr, 0), options.bins);
      }
    } else {
      for (std::size_t k = 0; k < causes; ++k) {
        RouteFit& route = fit.routes[k];
        const auto add = [&](const std::string& what) { route.note += (route.note.empty() ? "" : "; ") + what; };
        if (route.until_age) {
          add("until_age is set by birthdays");
          continue;
        }
        if (route.events < static_cast<double>(options.min_route_events)) {
          add(std::to_string(static_cast<long>(route.events)) + " episodes took it (fewer than " +
              std::to_string(options.min_route_events) + ")");
          continue;
        }
        const double final = cr.final_incidence[k], earlier = cr.incidence_at(k, 0.8 * fit.tau);
        // A resolved state's routes have all levelled off (at most max_unresolved is left).
        if (!resolved && final - earlier > options.tail_growth * final) {
          add("its cumulative incidence still rises at the end of follow-up (" +
              fixed1(100.0 * (final - earlier) / final) + "% of it in the last fifth)");
          continue;
        }
        const MeanEstimate mean = conditional_mean(cr, time, cause, k + 1);
        route.mean_days = mean.mean;
        route.mean_se = mean.se;
        route.duration_estimated = true;
        std::tie(route.edges, route.weights) = histogram_of(cr.times, masses_of(cr, k + 1), options.bins);
      }
    }
    // A route the base lacks needs a duration of its own when durations are per route.
    if (fit.routing_estimated && fit.per_route)
      for (const RouteFit& route : fit.routes)
        if (!route.in_base && !route.duration_estimated) {
          fit.routing_estimated = false;
          fit.note += std::string(fit.note.empty() ? "" : "; ") + "routing kept: a route the base lacks has no estimable duration";
          break;
        }
    fits.push_back(std::move(fit));
  }
  return fits;
}

}  // namespace caseflow
