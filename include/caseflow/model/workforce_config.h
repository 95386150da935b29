//===----------------------------------------------------------------------===//
// workforce_config.h: the workforce section of a scenario
//
// Optional: a scenario without a `workforce` section is a pure demand
// projection. With one, every open state is held by a team; each case in it is
// allocated to a social worker of that team (least weighted caseload under the
// cap), waits in the team's unallocated queue, or goes over the cap, as the
// scenario chooses; and the workforce itself changes: leavers, recruitment,
// agency locums, sickness, newly qualified staff progressing, and planned
// changes to the establishment.
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

struct GradeSpec {
  std::string name;
  double caseload_cap = 0.0;  // 0: the team's cap
  bool agency = false;
  bool newly_qualified = false;  // counted in asye_caseload_mean
  int progresses_to = -1;        // grade index, after `progress_after_days` in post
  double progress_after_days = 0.0;
};

struct TeamSpec {
  std::string name;
  //! States whose children this team allocates. Empty for a team that holds
  //! no children's cases (fostering and adoption support, say): its workers
  //! are recruited, leave and are paid like the rest, but take no cases and
  //! are left out of caseload, hours and utilisation figures.
  std::vector<std::uint32_t> holds;
  double caseload_cap = 0.0;  // 0 for a team that holds no cases
  bool per_locality = false;  // one team in each locality, or one for the authority
  //! Workers at the start, by grade (per team, i.e. per locality when per_locality).
  std::vector<double> workers_by_grade;
  //! Funded posts not filled at the start, by grade (their recruitment starts at once).
  std::vector<double> vacancies_by_grade;
  double managers = 0.0;
  //! Supervised by managers the scenario does not model (not counted, not
  //! priced): its workers count as within a span.
  bool supervised_outside = false;
  bool holds_cases() const { return !holds.empty(); }
};

//! How permanent recruitment goes: a campaign (advert to start date) takes
//! `time_to_hire`, and appoints with probability `success_rate`; one that
//! does not is run again.
struct RecruitmentTerms {
  DurationSpec time_to_hire;
  double success_rate = 1.0;
};

//! A planned change to the establishment: from `day`, `posts` more (or fewer)
//! posts of a grade in a team (in each locality for a per-locality team), and
//! `managers` more or fewer team managers.
struct EstablishmentChange {
  double day = 0.0;
  std::uint32_t team = 0;
  std::uint32_t grade = 0;
  int posts = 0;
  int managers = 0;
  int locality_managers = 0;
  bool team_change = true;  // false: the entry changes locality managers only
  bool locum_first = false;  // fill with agency locums at once, recruit permanent staff behind them
  //! A recruitment drive: campaigns ending from `day` on go on these terms.
  std::optional<RecruitmentTerms> recruitment;
};

enum class WhenFull : std::uint8_t { queue, over_cap };
//! What "least loaded" compares: the weighted caseload as a share of the
//! worker's own cap (so a newly qualified or part-time worker fills to their
//! smaller cap at the pace of the rest), or the weighted caseload itself.
enum class Balance : std::uint8_t { share_of_cap, caseload };
enum class SpanExcess : std::uint8_t { undeployable, reduced_supervision };
//! Who a new case goes to: the least loaded of the team, or of one manager's
//! group, the team's groups taking new cases in turn.
enum class Intake : std::uint8_t { team, manager_groups };

struct WorkforceConfig {
  bool enabled = false;
  std::vector<std::string> localities{"all"};
  std::vector<double> locality_shares{1.0};
  std::vector<GradeSpec> grades;
  std::vector<TeamSpec> teams;
  std::vector<int> team_of_state;  // per pathway state; -1: no social worker needed

  //! Part-time working: a share of permanent staff work `part_time_fte` of
  //! full time; their caps, sickness and FTE count scale with it. Locums are
  //! full time.
  double part_time_share = 0.0;
  double part_time_fte = 1.0;

  //! Management and support beyond team managers, for the costs to come:
  //! locality managers (changed by establishment entries) and business
  //! support staff at a ratio to funded social worker posts.
  double locality_managers = 0.0;
  double business_support_per_post = 0.0;

  double span_limit = 8.0;
  SpanExcess span_excess = SpanExcess::reduced_supervision;

  WhenFull when_full = WhenFull::queue;
  Balance balance = Balance::share_of_cap;
  //! manager_groups: each team is split into one group per team manager (a
  //! new worker joins the smallest); new cases go to the groups in turn,
  //! whatever their staffing, and a leaver's cases stay in their group.
  Intake intake = Intake::team;
  bool continuity = true;
  //! A case's time in a state starts when it is allocated (the work needs a
  //! worker); with false it starts on entry whatever happens.
  bool clock_waits_for_allocation = true;
  std::vector<double> weight_by_state;                 // weighted caseload per child
  std::array<int, kCategoryCount> queue_rank{};        // lower is served first
  double caseload_report_threshold = 24.0;             // caseload_share_over_24

  // Turnover: permanent staff leave at `annual_turnover` a year (the base
  // rate: with `observed_at`, the observed rate less the feedbacks' effect), times
  // (1 + caseload_elasticity * relative excess over cap) *
  // (1 + supervision_elasticity * share of supervision missed).
  double annual_turnover = 0.0;
  double caseload_elasticity = 0.0;
  double supervision_elasticity = 0.0;
  DurationSpec agency_tenure;  // how long a locum stays

  double short_sickness_days_per_fte_month = 0.0;
  DurationSpec short_sickness_episode;
  double long_term_absences_per_fte_year = 0.0;
  DurationSpec long_term_absence;
  bool long_term_reallocates = true;  // or the cases wait, covered, for the worker's return
  // Annual leave taken in blocks, each worker away `annual_leave_days_per_year`
  // working days a year (0: leave is not an absence here; a workload may take
  // it as a share of every week instead).
  double annual_leave_days_per_year = 0.0;
  DurationSpec annual_leave_block;

  RecruitmentTerms recruitment;  // at the start; establishment entries may change them
  double newly_qualified_share = 0.0;  // of permanent hires into a newly-qualified-eligible grade
  int newly_qualified_grade = -1;
  int qualified_grade = -1;  // grade a newly qualified hire fills posts of
  DurationSpec agency_lag;
  double agency_share_cap = 1.0;
  int bank_size = 0;  // over-recruited permanent staff waiting to fill vacancies

  std::vector<EstablishmentChange> establishment;

  //! Practice drift: durations in the drift's categories are multiplied by
  //! (1 + elasticity * relative excess of the worker's caseload over the cap
  //! when the work starts) / (1 + elasticity * drift_observed_excess): the
  //! durations were observed at that excess, so they are kept there.
  double drift_elasticity = 0.0;
  double drift_observed_excess = 0.0;
  std::array<bool, kCategoryCount> drift_categories{true, true, true, true, true, true, true};

  //! Permanence after a change of worker. A looked-after child's drawn time
  //! to a permanence exit is time on a clock that runs at
  //! hazard_ratio^(changes of worker since the move was drawn) x
  //! exp(observed changes a year x (1 - hazard_ratio) x years since): each
  //! change slows what is left by the ratio, and the second factor, the
  //! inverse of the first's mean when changes come at the observed rate,
  //! keeps the durations fitted to the council where they were observed.
  double permanence_hazard_ratio = 1.0;
  std::vector<bool> permanence_exit;  // by state: an exit the ratio applies to
  double permanence_observed_changes_per_year = 0.0;
};

//! Reads `workforce` (the node may be absent: then `enabled` is false).
WorkforceConfig parse_workforce(const ConfigNode* node, const Scenario& scenario);

}  // namespace caseflow
