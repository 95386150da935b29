#include "caseflow/model/staffing_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "caseflow/model/allocation.h"
#include "caseflow/model/workforce.h"

namespace caseflow::model {

StaffingColumns register_staffing_metrics(const WorkforceConfig& w, MetricRegistry& metrics) {
  StaffingColumns c;
  c.sw_fte = metrics.stock("sw_fte", "social workers in post, full-time equivalent (part-time staff count their fraction), permanent and agency, excluding the bank");
  c.sw_headcount = metrics.stock("sw_headcount", "social workers in post (people), permanent and agency, excluding the bank");
  c.sw_agency_share = metrics.stock("sw_agency_share", "agency locums' share of the FTE in post, at month end (the DfE agency rate)");
  c.sw_posts = metrics.stock("sw_posts", "funded social worker posts (the establishment)");
  c.sw_vacancies = metrics.stock("sw_vacancies", "posts without a permanent worker (vacant or covered by a locum), as the DfE counts vacancies");
  c.sw_leavers = metrics.flow("sw_leavers", "permanent social workers leaving");
  c.sw_hires = metrics.flow("sw_hires", "permanent social workers starting (including from the bank)");
  c.sw_agency_starts = metrics.flow("sw_agency_starts", "agency locums starting");
  c.sw_agency_ends = metrics.flow("sw_agency_ends", "agency locums leaving");
  c.sw_absent = metrics.stock("sw_absent", "social workers off sick at month end (short or long term)");
  if (w.annual_leave_days_per_year > 0)  // only where leave is taken as absences
    c.sw_on_leave = metrics.stock("sw_on_leave", "social workers on annual leave at month end");
  c.sw_bank = metrics.stock("sw_bank", "over-recruited permanent staff in the bank, waiting for a vacancy");
  c.team_managers = metrics.stock("team_managers", "team managers in post");
  c.locality_managers = metrics.stock("locality_managers", "locality managers (the scenario's count and its establishment changes)");
  c.business_support = metrics.stock("business_support", "business support staff: the scenario's ratio times funded social worker posts");
  c.caseload_mean = metrics.stock("caseload_mean", "mean number of children per social worker in post in a team that holds cases (per person, as councils report it)");
  c.caseload_per_fte = metrics.stock("caseload_per_fte", "children held per FTE social worker in post (the DfE's definition)");
  c.caseload_p10 = metrics.stock("caseload_p10", "10th percentile of caseloads (children per worker)");
  c.caseload_p90 = metrics.stock("caseload_p90", "90th percentile of caseloads (children per worker)");
  c.caseload_share_over_cap = metrics.stock("caseload_share_over_cap", "share of social workers above their caseload cap");
  // The share over cap saturates where nearly everyone is over (Manchester's
  // 97%): how far over they are still moves, and pairs between scenarios.
  c.caseload_excess_mean =
      metrics.stock("caseload_excess_mean", "mean number of children a social worker holds beyond their cap (0 at or under it)");
  c.caseload_share_over_threshold =
      metrics.stock("caseload_share_over_" + format_number(w.caseload_report_threshold),
            "share of social workers with more than " + format_number(w.caseload_report_threshold) + " children");
  c.asye_caseload_mean = metrics.stock("asye_caseload_mean", "mean caseload of newly qualified (ASYE) social workers");
  c.weighted_caseload_mean = metrics.stock("weighted_caseload_mean", "mean weighted caseload per social worker (case weights by state)");
  c.unallocated_total = metrics.stock("unallocated_total", "children waiting in a team's unallocated queue at month end");
  c.unallocated_cp = metrics.stock("unallocated_cp", "children on a CP plan waiting for a social worker at month end");
  c.unallocated_wait_days_mean = metrics.ratio("unallocated_wait_days_mean",
                                       "mean days from needing a social worker to being allocated one, over the month's allocations (0 when allocated at once)");
  c.worker_changes = metrics.flow("worker_changes", "changes of social worker (children moved to a different worker)");
  c.worker_changes_per_child = metrics.ratio("worker_changes_per_child", "mean changes of social worker over the journeys of the children who left in the month");
  c.worker_changes_in_care = metrics.flow("worker_changes_in_care",
                                          "changes of social worker for looked-after children during a stay (not on entering a state)");
  c.closing_worker_excess = metrics.ratio("closing_worker_excess",
                                          "mean excess over the cap of the worker closing a case that may be re-referred (0 without a worker), per child");
  c.supervision_coverage = metrics.stock("supervision_coverage", "share of social workers within their managers' span (1 manager to span_limit workers)");
  for (const auto& team : w.teams) {
    const bool cases = team.holds_cases();
    c.team_caseload_mean.push_back(cases ? metrics.stock("caseload_mean_" + team.name, "mean caseload in the " + team.name + " team(s)") : kOutside);
    c.team_unallocated.push_back(
        cases ? metrics.stock("unallocated_" + team.name, "children waiting for a worker in the " + team.name + " team(s)") : kOutside);
    c.team_sw_fte.push_back(metrics.stock("sw_fte_" + team.name, "social workers in post in the " + team.name + " team(s), FTE"));
  }
  return c;
}

namespace {
double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}
}  // namespace

void record_staffing(std::size_t month, const StaffingColumns& c, const WorkforceConfig& wf, const Workforce& workforce,
                     const Allocation& allocation, MonthlyTable& table) {
  std::vector<double> loads;
  double in_post = 0, fte = 0, agency_fte = 0, absent = 0, on_leave = 0, weighted = 0, over_cap = 0, over_threshold = 0, asye_load = 0, asye = 0;
  // Caseload figures are over the workers of teams that hold cases; staffing
  // figures (FTE, agency share, supervision) over every worker.
  double case_holders = 0, case_holding_fte = 0;
  double managers = 0, supervised = 0, excess = 0;
  std::vector<double> team_load(wf.teams.size(), 0), team_workers(wf.teams.size(), 0), team_fte(wf.teams.size(), 0),
      team_queue(wf.teams.size(), 0);
  double queued = 0, queued_cp = 0;
  for (std::uint32_t t = 0; t < workforce.team_count(); ++t) {
    const Team& team = workforce.team(t);
    const TeamQueue& queue = allocation.unallocated(t);
    managers += team.managers;
    supervised += std::min(static_cast<double>(team.workers.size()), workforce.supervised_places(team));
    queued += queue.children;
    queued_cp += queue.by_category[static_cast<int>(Category::cp)];
    team_queue[team.spec] += queue.children;
    const bool holds_cases = wf.teams[team.spec].holds_cases();
    for (auto id : team.workers) {
      const Worker& w = workforce.worker(id);
      in_post += 1;
      fte += w.fte;
      agency_fte += w.agency ? w.fte : 0.0;
      absent += (w.short_absent || w.long_absent);
      on_leave += w.on_holiday;
      team_fte[team.spec] += w.fte;
      if (!holds_cases) continue;
      loads.push_back(w.load);
      case_holders += 1;
      case_holding_fte += w.fte;
      weighted += w.weighted;
      over_cap += w.load > w.cap + 1e-9;
      excess += std::max(0.0, w.load - w.cap);
      over_threshold += w.load > wf.caseload_report_threshold + 1e-9;
      if (wf.grades[w.grade].newly_qualified) {
        asye += 1;
        asye_load += w.load;
      }
      team_load[team.spec] += w.load;
      team_workers[team.spec] += 1;
    }
  }
  auto share = [](double part, double whole) { return whole > 0 ? part / whole : std::numeric_limits<double>::quiet_NaN(); };
  double posts = 0, vacancies = 0;
  for (const auto& p : workforce.posts()) {
    if (!p.funded) continue;
    posts += 1;
    vacancies += p.worker < 0 || workforce.worker(static_cast<std::uint32_t>(p.worker)).agency;
  }
  table.at(month, c.sw_fte) = fte;
  table.at(month, c.sw_headcount) = in_post;
  const double children_held = std::accumulate(loads.begin(), loads.end(), 0.0);
  table.at(month, c.caseload_per_fte) = share(children_held, case_holding_fte);
  table.at(month, c.locality_managers) = workforce.locality_managers();
  table.at(month, c.business_support) = wf.business_support_per_post * posts;
  table.at(month, c.sw_posts) = posts;
  table.at(month, c.sw_vacancies) = vacancies;
  table.at(month, c.sw_absent) = absent;
  if (c.sw_on_leave != kOutside) table.at(month, c.sw_on_leave) = on_leave;
  table.at(month, c.sw_bank) = static_cast<double>(workforce.bank_size());
  table.at(month, c.team_managers) = managers;
  table.at(month, c.caseload_mean) = share(children_held, case_holders);
  table.at(month, c.weighted_caseload_mean) = share(weighted, case_holders);
  table.at(month, c.caseload_share_over_cap) = share(over_cap, case_holders);
  table.at(month, c.caseload_excess_mean) = share(excess, case_holders);
  table.at(month, c.caseload_share_over_threshold) = share(over_threshold, case_holders);
  table.at(month, c.asye_caseload_mean) = share(asye_load, asye);
  table.at(month, c.supervision_coverage) = share(supervised, in_post);
  table.at(month, c.unallocated_total) = queued;
  table.at(month, c.unallocated_cp) = queued_cp;
  table.at(month, c.caseload_p10) = percentile(loads, 0.10);
  table.at(month, c.caseload_p90) = percentile(loads, 0.90);
  table.at(month, c.sw_agency_share) = share(agency_fte, fte);
  for (std::size_t t = 0; t < wf.teams.size(); ++t) {
    table.at(month, c.team_sw_fte[t]) = team_fte[t];
    if (c.team_caseload_mean[t] == kOutside) continue;
    table.at(month, c.team_caseload_mean[t]) = share(team_load[t], team_workers[t]);
    table.at(month, c.team_unallocated[t]) = team_queue[t];
  }
}

}  // namespace caseflow::model
