// The results and analysis tables of a sweep's database (sweep.h).
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "caseflow/runner/sensitivity_analysis.h"
#include "caseflow/runner/statistics.h"
#include "sweep.h"

namespace caseflow {

namespace {

struct Row {
  std::string parameter, statistic;
  sensitivity::Estimate estimate;
};

//! The design's indices for one output, from the point means.
std::vector<Row> analyse(const SweepSpec& spec, const SweepPlan& plan, const std::vector<double>& means,
                         std::uint64_t seed) {
  const auto& d = spec.design;
  const std::size_t dims = spec.parameters.size();
  std::vector<Row> rows;
  const auto add = [&](const std::vector<sensitivity::Estimate>& estimates, const std::string& statistic) {
    for (std::size_t i = 0; i < dims; ++i) rows.push_back({spec.parameters[i].name, statistic, estimates[i]});
  };
  switch (d.method) {
    case SweepMethod::one_at_a_time: add(sensitivity::one_at_a_time_swings(dims, d.levels, means), "swing"); break;
    case SweepMethod::grid:
    case SweepMethod::latin_hypercube: add(sensitivity::rank_correlations(plan.unit, means, d.bootstrap, seed), "spearman"); break;
    case SweepMethod::morris: {
      const auto m = sensitivity::morris_indices(plan.unit, means, d.bootstrap, seed);
      add(m.mu, "mu");
      add(m.mu_star, "mu_star");
      add(m.sigma, "sigma");
      break;
    }
    case SweepMethod::sobol: {
      const auto s = sensitivity::sobol_indices(means, dims, d.bootstrap, seed);
      add(s.first, "S1");
      add(s.total, "ST");
      break;
    }
  }
  return rows;
}

//! The statistic that ranks parameters for each method.
std::string ranking_statistic(SweepMethod method) {
  switch (method) {
    case SweepMethod::one_at_a_time: return "swing";
    case SweepMethod::grid:
    case SweepMethod::latin_hypercube: return "spearman";
    case SweepMethod::morris: return "mu_star";
    case SweepMethod::sobol: return "ST";
  }
  return "";
}

}  // namespace

void write_sweep_analysis(SweepStore& store, const SweepSpec& spec, const SweepPlan& plan, std::ostream& out,
                          bool quiet) {
  const std::size_t points = plan.values.size(), outputs = spec.outputs.size();
  const auto values = store.replication_values(points, outputs, spec.replications);
  SqliteDb& db = store.db();
  SqliteTransaction transaction(db);
  db.execute("DELETE FROM result; DELETE FROM analysis");
  SqliteStatement result(db, "INSERT INTO result VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  SqliteStatement analysis(db, "INSERT INTO analysis VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  const std::string method = method_name(spec.design.method);
  for (std::size_t o = 0; o < outputs; ++o) {
    const SweepOutput& output = spec.outputs[o];
    std::vector<double> means(points);
    double noise = 0.0;  // mean variance of a point's mean from the replications alone
    bool complete = true;
    for (std::size_t p = 0; p < points; ++p) {
      CellStatistics cell;
      for (double v : values[p][o])
        if (!std::isnan(v)) cell.add(v);
      const CellSummary s = cell.count() ? cell.summary() : CellSummary{NAN, NAN, NAN, NAN, NAN};
      result.bind(1, static_cast<std::int64_t>(p)).bind(2, static_cast<std::int64_t>(o)).bind(3, output.metric)
          .bind(4, output.period()).bind(5, static_cast<std::int64_t>(cell.count())).bind(6, s.mean).bind(7, s.sd)
          .bind(8, s.p5).bind(9, s.p50).bind(10, s.p95).run();
      means[p] = s.mean;
      complete &= !std::isnan(s.mean);
      if (cell.count() > 0) noise += s.sd * s.sd / static_cast<double>(cell.count());
    }
    const auto insert = [&](const std::string& parameter, const std::string& statistic, const sensitivity::Estimate& e,
                            bool interval) {
      analysis.bind(1, method).bind(2, output.name).bind(3, parameter).bind(4, statistic).bind(5, e.value);
      if (interval) analysis.bind(6, e.conf).bind(7, e.low()).bind(8, e.high()).bind(9, std::int64_t{e.spans_zero()});
      analysis.run();
    };
    if (!complete) {
      if (!quiet) out << output.name << ": not reported at some points (a ratio with nothing to share?): no analysis\n";
      continue;
    }
    // Is it sensitivity or noise? The share of the spread of point means
    // that replication noise alone would give (near 1: more replications).
    double mean = 0.0, spread = 0.0;
    for (double m : means) mean += m / static_cast<double>(points);
    for (double m : means) spread += (m - mean) * (m - mean) / static_cast<double>(points > 1 ? points - 1 : 1);
    insert("", "noise_share", {spread > 0 ? (noise / static_cast<double>(points)) / spread : NAN, 0.0}, false);
    const std::vector<Row> rows = analyse(spec, plan, means, spec.design.seed + o);
    for (const Row& row : rows) insert(row.parameter, row.statistic, row.estimate, spec.design.method != SweepMethod::one_at_a_time);

    if (quiet) continue;
    std::vector<Row> ranked;
    const std::string statistic = ranking_statistic(spec.design.method);
    for (const Row& row : rows)
      if (row.statistic == statistic) ranked.push_back(row);
    std::stable_sort(ranked.begin(), ranked.end(), [](const Row& a, const Row& b) {
      return std::abs(a.estimate.value) > std::abs(b.estimate.value);
    });
    out << "\n" << output.name << " (" << output.metric << ", " << output.period() << "): parameters by |" << statistic
        << "|, 95% bootstrap interval\n";
    for (const Row& row : ranked) {
      out << "  " << std::left << std::setw(28) << row.parameter << std::right << std::setw(12) << std::setprecision(4)
          << row.estimate.value;
      if (spec.design.method != SweepMethod::one_at_a_time)
        out << "  +- " << std::setw(9) << row.estimate.conf << (row.estimate.spans_zero() ? "  (interval spans 0: no effect shown)" : "");
      out << '\n';
    }
  }
  transaction.commit();
}

}  // namespace caseflow
