// The coordinator: builds the model's modules once (Model), and runs one
// replication (Replication): the clock, the event loop, dispatch by event
// kind, and month boundaries. What each module owns is in
// docs/architecture.md.
#include "caseflow/model/replication.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "caseflow/model/allocation.h"
#include "caseflow/model/arrivals.h"
#include "caseflow/model/cases.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/episode_log.h"
#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/placements.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/staffing_report.h"
#include "caseflow/model/timeliness.h"
#include "caseflow/model/warm_start.h"
#include "caseflow/model/workforce.h"
#include "caseflow/model/workload.h"
#include "caseflow/model/workload_config.h"

namespace caseflow {

struct Model::Parts {
  model::PathwayFlow::Shared pathway;
  model::Arrivals::Shared arrivals;
  std::optional<model::StaffingColumns> staffing;  // with a workforce
  model::Timeliness::Shared timeliness;
  std::optional<model::Workload::Shared> workload;  // with capacity in hours
  ModelModules modules;
};

Model::Model(Scenario scenario, ModelOptions options, ModelModules extra)
    : scenario_(std::move(scenario)), options_(options), parts_(std::make_unique<Parts>()) {
  // The reader refuses more; a scenario built in code must not either.
  if (scenario_.timescales.size() > kMaxTimescales)
    throw std::invalid_argument("at most " + std::to_string(kMaxTimescales) + " timescales can be reported in one scenario");
  months_ = scenario_.months();
  const double horizon = scenario_.horizon_days();
  calendar_ = std::make_unique<WorkingCalendar>(scenario_.start_date, horizon + model::kCalendarMarginDays + 400.0,
                                                scenario_.closed_days, scenario_.weekend);
  for (int m = 0; m <= months_; ++m) month_starts_.push_back(calendar_->month_start(m));

  // The order of registration is the order of the columns in every result
  // file: keep it (scripts read these files), and add new metrics at the end.
  Parts& p = *parts_;
  p.pathway.register_census(scenario_, metrics_);
  p.arrivals = model::Arrivals::Shared::prepare(scenario_, *calendar_, month_starts_.back(), metrics_);
  p.pathway.register_flows(scenario_, metrics_);
  if (scenario_.workforce->enabled) p.staffing = model::register_staffing_metrics(*scenario_.workforce, metrics_);
  p.timeliness = model::Timeliness::Shared::prepare(scenario_, metrics_);
  p.pathway.derive_state_facts(scenario_, p.timeliness);
  if (scenario_.workload && scenario_.workload->enabled) p.workload = model::Workload::Shared::prepare(scenario_, metrics_);
  p.modules = standard_modules(scenario_);
  for (auto& module : extra) p.modules.push_back(std::move(module));
  for (const auto& module : p.modules) module->register_metrics(scenario_, metrics_);
}

Model::~Model() = default;

namespace model {
namespace {

class Replication {
 public:
  Replication(const Model& model, const Model::Parts& parts, const std::vector<double>& month_starts, bool check_invariants,
              bool record_episodes, std::uint64_t index)
      : ctx_(model, month_starts, index),
        parts_(parts),
        check_invariants_(check_invariants),
        timeliness_(ctx_, parts.timeliness),
        flow_(ctx_, parts.pathway, timeliness_) {
    if (record_episodes) {
      episodes_.emplace(ctx_.result.episodes);
      flow_.connect(&*episodes_);
      flow_.cases().number_children();
    }
    if (parts.staffing) {
      workforce_.emplace(ctx_, *parts.staffing);
      allocation_.emplace(ctx_, *parts.staffing, flow_.cases(), *workforce_, flow_);
      workforce_->connect(*allocation_);
      flow_.connect(&*allocation_);
      if (parts.workload) {
        workload_.emplace(ctx_, *parts.workload, flow_.cases(), *workforce_, flow_);
        flow_.connect(&*workload_);
      }
    }
    if (const auto& costs = ctx_.scenario.costs; costs && costs->enabled && (costs->placements.enabled() || !costs->allowances.empty())) {
      placements_.emplace(ctx_, flow_.cases());
      flow_.connect(&*placements_);
    }
    arrivals_.emplace(ctx_, parts.arrivals, flow_.cases(), flow_, allocation_ ? &*allocation_ : nullptr);
    for (const auto& module : parts.modules) modules_.push_back(module->start_replication(index));
  }
  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;

  ReplicationResult run() {
    // The clock is at 0 and month 0 (the opening position) counts.
    if (workforce_) workforce_->start();
    if (placements_) placements_->start();
    place_opening_caseload(ctx_, flow_, timeliness_, allocation_ ? &*allocation_ : nullptr, workload_ ? &*workload_ : nullptr);
    if (allocation_) allocation_->serve_pending_queues();
    if (workload_) workload_->start();
    fetch_two_ahead_ = flow_.cases().beyond_cache();
    record_month_end(0);
    arrivals_->start();
    ctx_.month = 1;
    month_start(1);
    std::size_t month = 1;
    const std::size_t months = ctx_.month_starts.size() - 1;
    double boundary = ctx_.month_starts[1];
    auto& queue = ctx_.queue;
    while (month <= months) {
      // The one pending arrival is kept out of the queue (half of all
      // events are arrivals) and merged here in (time, sequence) order.
      const bool arrival = queue.precedes_next(arrivals_->next_arrival(), arrivals_->arrival_sequence());
      const double t = arrival ? arrivals_->next_arrival() : queue.next_time();
      if (t >= boundary) {
        ctx_.now = boundary;  // modules reading the month's end see its time
        record_month_end(month);
        ++month;
        boundary = month <= months ? ctx_.month_starts[month] : kNever;
        if (month <= months) {
          // The month's turnover draws may schedule events before the next
          // one in the queue, so look again after them.
          ctx_.now = ctx_.month_starts[month - 1];
          ctx_.month = month;
          month_start(month);
        }
        continue;
      }
      ++ctx_.result.events;
      ctx_.month = month;
      if (arrival) {
        ctx_.now = arrivals_->next_arrival();
        arrivals_->on_arrival();
      } else {
        const auto event = queue.pop();
        ctx_.now = event->time;
        prefetch_ahead();
        dispatch(event->payload);
      }
      // Work the event freed room for is allocated before the clock moves on.
      if (allocation_) allocation_->serve_pending_queues();
    }
    return std::move(ctx_.result);
  }

 private:
  // The next event's case and workload records are usually cache misses:
  // fetch them while this event (and the arrivals before the next) run. At
  // a large authority's size nearly every record an event touches is one,
  // so fetch two events ahead: for the event after next, its case and
  // workload records; for the next, whose case record the last event
  // fetched, what is reached through it (its children's records, its
  // worker's, the slot of the adulthood event a move cancels). Results do
  // not depend on any of this (issue 24, session 19). (Always inlined: GCC
  // finds a function that only reads and prefetches free of side effects,
  // and drops the call.)
  [[gnu::always_inline]] void prefetch_ahead() const {
    const auto& queue = ctx_.queue;
    const CaseBook& cases = flow_.cases();
    // (Arrivals are never queued, so a queued event whose subject is a case
    // names one; the bound is checked anyway, as the record may be read.)
    if (const EventPayload* next = queue.peek_payload(); next && subject_is_case(next->kind) && next->subject < cases.all().size()) {
      cases.prefetch(next->subject);  // two ahead: in case the last guess at it was wrong
      if (workload_) workload_->prefetch(next->subject);
      if (fetch_two_ahead_) {
        cases.prefetch_children(next->subject);
        const Case& c = cases[next->subject];
        if (c.worker >= 0 && workforce_) workforce_->prefetch_worker(static_cast<std::uint32_t>(c.worker));
        if (const void* slot = queue.slot_address(c.adulthood_event)) __builtin_prefetch(slot);
      }
    }
    if (!fetch_two_ahead_) return;
    if (const EventPayload* after = queue.peek_after_next_payload(); after && subject_is_case(after->kind)) {
      cases.prefetch(after->subject);
      if (workload_) workload_->prefetch(after->subject);
    }
  }

  void dispatch(const EventPayload& event) {
    switch (event.kind) {
      case EventKind::move: flow_.on_move(event.subject); return;
      case EventKind::adulthood: flow_.on_adulthood(event.subject); return;
      case EventKind::re_referral: flow_.on_re_referral(event.subject); return;
      case EventKind::worker_leaves:
      case EventKind::permanent_hire:
      case EventKind::locum_arrives:
      case EventKind::bank_hire:
      case EventKind::short_absence_start:
      case EventKind::short_absence_end:
      case EventKind::long_absence_start:
      case EventKind::long_absence_end:
      case EventKind::holiday_start:
      case EventKind::holiday_end:
      case EventKind::progression:
      case EventKind::establishment_change:
        if (workforce_) {
          workforce_->handle(event);
          return;
        }
        break;
      case EventKind::workload_week:
        if (workload_) {
          workload_->on_week();
          return;
        }
        break;
      case EventKind::arrival: break;  // kept outside the queue
    }
    no_handler(event.kind);
  }

  // Out of line and cold: the message's string work stays out of the event loop.
  [[noreturn, gnu::cold, gnu::noinline]] static void no_handler(EventKind kind) {
    throw std::logic_error("an event of kind " + std::to_string(static_cast<int>(kind)) + " has no handler");
  }

  //! The policies that take effect at the start of this month (their dates
  //! are month starts): each module reads the new values from now on.
  void adopt_policies() {
    const auto& epochs = ctx_.scenario.policy_epochs;
    while (next_epoch_ < epochs.size() && epochs[next_epoch_].day <= ctx_.now) {
      const PolicyEpoch& epoch = epochs[next_epoch_];
      const Scenario& next = *epoch.scenario;
      ctx_.in_force = &next;
      arrivals_->adopt(next, static_cast<int>(next_epoch_));
      flow_.adopt(next);
      if (workforce_) {
        const bool new_terms = std::any_of(epoch.changes.begin(), epoch.changes.end(), [](const std::string& c) {
          return c.rfind("workforce.recruitment.time_to_hire", 0) == 0 || c.rfind("workforce.recruitment.success_rate", 0) == 0;
        });
        allocation_->adopt(*next.workforce);
        workforce_->adopt(*next.workforce, new_terms);
        allocation_->serve_pending_queues();
      }
      if (placements_) placements_->adopt(next);
      ++next_epoch_;
    }
  }

  void month_start(std::size_t month) {
    adopt_policies();
    if (workforce_) {
      workforce_->month_start();
      allocation_->serve_pending_queues();
    }
    if (placements_) placements_->month_start();
    if (!modules_.empty()) {
      const ReplicationView view = this->view();
      for (auto& module : modules_) module->month_start(month, view);
    }
  }

  void record_month_end(std::size_t month) {
    auto& table = ctx_.result.table;
    flow_.record_month_end(month);
    if (workforce_) record_staffing(month, *parts_.staffing, *ctx_.scenario.workforce, *workforce_, *allocation_, table);
    if (workload_) workload_->record_month_end(month);
    ctx_.close_month(month);
    if (placements_) placements_->month_end();
    if (!modules_.empty()) {
      const ReplicationView view = this->view();
      for (auto& module : modules_) module->record_month_end(month, view, table);
    }
    if (check_invariants_) check_invariants(month);
  }

  ReplicationView view() const {
    return ReplicationView(&ctx_.now, ctx_.in_force, flow_.cases(), flow_, workforce_ ? &*workforce_ : nullptr, allocation_ ? &*allocation_ : nullptr,
                           placements_ ? &*placements_ : nullptr);
  }

  void check_invariants(std::size_t month) const {
    const std::function<void(const std::string&)> fail = [&](const std::string& what) {
      throw std::logic_error("invariant broken at month " + std::to_string(month) + ": " + what);
    };
    flow_.check_invariants(month, fail);
    if (allocation_) allocation_->check_invariants(fail);
  }

  ReplicationContext ctx_;
  const Model::Parts& parts_;
  bool check_invariants_;
  Timeliness timeliness_;
  PathwayFlow flow_;
  std::optional<Workforce> workforce_;
  std::optional<Allocation> allocation_;
  std::optional<Workload> workload_;
  bool fetch_two_ahead_ = false;  // a large authority: see prefetch_ahead()
  std::optional<Placements> placements_;  // with costs of placements or allowances
  std::optional<EpisodeLog> episodes_;    // only when asked (ModelOptions::episode_replications)
  std::optional<Arrivals> arrivals_;
  std::vector<std::unique_ptr<ModuleReplication>> modules_;
  std::size_t next_epoch_ = 0;  // the first policy epoch not yet in force
};

}  // namespace
}  // namespace model

ReplicationResult Model::run(std::uint64_t index) const {
  model::Replication replication(*this, *parts_, month_starts_, options_.check_invariants,
                                 index < options_.episode_replications, index);
  return replication.run();
}

}  // namespace caseflow
