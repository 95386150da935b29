// The model runs a calibration reads its figures from (calibration_runs.h).
#include "calibration_runs.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "caseflow/model/replication.h"
#include "caseflow/runner/runner.h"

namespace caseflow::calibration_detail {

Measured simulate(const Scenario& scenario, const CalibrationTargets& targets, std::uint64_t replications,
                  const CalibrationOptions& options) {
  const Model model(scenario);
  const MetricRegistry& reg = model.metrics();
  const Pathway& p = scenario.pathway;
  const int months = model.months();
  const double years = months / 12.0;
  auto col = [&](const std::string& name) { return reg.find(name); };
  std::vector<int> lac_exits;
  for (std::size_t i = 0; i < reg.size(); ++i)
    if (reg[i].name.rfind("lac_exits_", 0) == 0) lac_exits.push_back(static_cast<int>(i));
  Measured m;
  m.per_target.assign(targets.targets.size(), {});
  m.stock_by_year.assign(targets.targets.size(), std::vector<std::vector<double>>(static_cast<std::size_t>(months / 12)));
  m.state_mean.assign(p.states.size(), 0.0);
  m.state_last_year.assign(p.states.size(), 0.0);
  m.state_entries.assign(p.states.size(), 0.0);
  std::vector<int> state_col(p.states.size()), entries_col(p.states.size());
  for (std::size_t s = 0; s < p.states.size(); ++s) {
    state_col[s] = col("state_" + p.states[s].name);
    entries_col[s] = col("entries_" + p.states[s].name);
  }
  const int excess_col = col("closing_worker_excess"), rr_col = col("re_referrals");
  double excess_sum = 0.0, excess_n = 0.0;
  RunOptions run;
  run.replications = replications;
  run.threads = options.threads;
  run.stop = options.stop;
  run.on_replication = [&](const ReplicationResult& r) {
    const MonthlyTable& table = r.table;
    auto sum = [&](int c, int from = 1) {
      double total = 0.0;
      if (c < 0) return 0.0;
      for (int month = from; month <= months; ++month) {
        const double v = table.at(static_cast<std::size_t>(month), static_cast<std::size_t>(c));
        if (std::isfinite(v)) total += v;
      }
      return total;
    };
    auto mean = [&](int c) { return sum(c) / months; };
    auto per_year = [&](const std::string& name) { return sum(col(name)) / years; };
    auto at = [&](const std::string& name, int month) {
      const int c = col(name);
      return c < 0 ? 0.0 : table.at(static_cast<std::size_t>(month), static_cast<std::size_t>(c));
    };
    double lac_out = 0.0;
    for (int c : lac_exits) lac_out += sum(c);
    for (std::size_t i = 0; i < targets.targets.size(); ++i) {
      const CalibrationTarget& t = targets.targets[i];
      double v = 0.0;
      const char* stock = t.kind == TargetKind::children_in_need ? "open_total"
                          : t.kind == TargetKind::child_protection ? "open_cp"
                          : t.kind == TargetKind::looked_after ? "open_lac" : nullptr;
      switch (t.kind) {
        case TargetKind::children_in_need: case TargetKind::child_protection: case TargetKind::looked_after:
          v = mean(col(stock));
          for (int y = 1; y <= months / 12; ++y) m.stock_by_year[i][static_cast<std::size_t>(y - 1)].push_back(at(stock, 12 * y));
          break;
        case TargetKind::contacts: v = per_year("contacts") + per_year("re_referrals"); break;
        case TargetKind::referrals: v = per_year("referrals"); break;
        case TargetKind::re_referral_share: v = sum(col("re_referrals")) / std::max(1.0, sum(col("referrals"))); break;
        case TargetKind::assessments: v = per_year("assessments_completed"); break;
        case TargetKind::s47_enquiries: v = per_year("entries_" + targets.s47_state); break;
        case TargetKind::initial_conferences: v = per_year("entries_" + targets.icpc_state); break;
        case TargetKind::cp_starts: v = per_year("cp_starts"); break;
        case TargetKind::cp_ends: v = per_year("cp_starts") - (at("open_cp", months) - at("open_cp", 0)) / years; break;
        case TargetKind::lac_starts: v = per_year("lac_starts"); break;
        case TargetKind::lac_ends: v = lac_out / years; break;
        case TargetKind::lac_exit_share: v = sum(col("lac_exits_" + t.exit)) / std::max(1.0, lac_out); break;
        case TargetKind::cp_plan_months: v = mean(col("open_cp")) / std::max(1e-9, per_year("cp_starts") / 12.0); break;
        case TargetKind::care_days: v = mean(col("open_lac")) / std::max(1e-9, per_year("lac_starts") / kDaysPerYear); break;
        case TargetKind::social_workers_fte: v = mean(col("sw_fte")); break;
        case TargetKind::agency_share: v = mean(col("sw_agency_share")); break;
        case TargetKind::vacancy_rate: v = sum(col("sw_vacancies")) / std::max(1e-9, sum(col("sw_posts"))); break;
        case TargetKind::turnover: {
          double permanent = 0.0;
          for (int month = 1; month <= months; ++month) permanent += at("sw_fte", month) * (1.0 - at("sw_agency_share", month));
          v = per_year("sw_leavers") / std::max(1e-9, permanent / months);
          break;
        }
        case TargetKind::caseload: v = mean(col("caseload_mean")); break;
      }
      m.per_target[i].push_back(v);
    }
    for (std::size_t s = 0; s < p.states.size(); ++s) {
      if (state_col[s] >= 0) {
        m.state_mean[s] += mean(state_col[s]);
        m.state_last_year[s] += sum(state_col[s], std::max(1, months - 11)) / std::min(12, months);
      }
      if (entries_col[s] >= 0) m.state_entries[s] += sum(entries_col[s]) / years;
    }
    m.re_referrals += sum(rr_col) / years;
    for (int month = 13; excess_col >= 0 && month <= months; ++month) {
      const double v = table.at(static_cast<std::size_t>(month), static_cast<std::size_t>(excess_col));
      if (std::isfinite(v)) { excess_sum += v; excess_n += 1.0; }
    }
  };
  const RunSummary summary = run_replications(model, run);
  const double n = static_cast<double>(std::max<std::uint64_t>(1, summary.replications));
  for (std::size_t s = 0; s < p.states.size(); ++s) {
    m.state_mean[s] /= n;
    m.state_last_year[s] /= n;
    m.state_entries[s] /= n;
  }
  m.re_referrals /= n;
  m.closing_excess = excess_n > 0 ? excess_sum / excess_n : 0.0;
  return m;
}



}  // namespace caseflow::calibration_detail
