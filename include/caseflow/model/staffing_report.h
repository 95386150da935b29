//===----------------------------------------------------------------------===//
// staffing_report.h: the workforce section of the results
//
// Staff in post, posts and vacancies, agency reliance, caseloads and their
// spread, unallocated children and supervision, in the column order the
// results have always had. The columns are registered here in one place;
// the workforce and allocation modules count their events into them, and
// the month-end stocks are read from both modules here.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

#include "caseflow/model/metrics.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/workforce_config.h"

namespace caseflow::model {

class Workforce;
class Allocation;

struct StaffingColumns {
  std::uint32_t sw_fte = 0, sw_agency_share = 0, sw_vacancies = 0, sw_posts = 0, sw_leavers = 0, sw_hires = 0,
                sw_agency_starts = 0, sw_agency_ends = 0, sw_absent = 0, sw_on_leave = kOutside, sw_bank = 0, team_managers = 0,
                caseload_mean = 0, caseload_p10 = 0, caseload_p90 = 0, caseload_share_over_cap = 0, caseload_excess_mean = 0,
                caseload_share_over_threshold = 0, asye_caseload_mean = 0, weighted_caseload_mean = 0,
                unallocated_total = 0, unallocated_cp = 0, unallocated_wait_days_mean = 0, worker_changes = 0,
                worker_changes_per_child = 0, worker_changes_in_care = 0, closing_worker_excess = 0, supervision_coverage = 0, sw_headcount = 0, caseload_per_fte = 0,
                locality_managers = 0, business_support = 0;
  std::vector<std::uint32_t> team_caseload_mean, team_unallocated, team_sw_fte;  // per team spec
};

StaffingColumns register_staffing_metrics(const WorkforceConfig& config, MetricRegistry& metrics);

//! Writes the month's staffing stocks into row `month` of the table.
void record_staffing(std::size_t month, const StaffingColumns& columns, const WorkforceConfig& config,
                     const Workforce& workforce, const Allocation& allocation, MonthlyTable& table);

}  // namespace caseflow::model
