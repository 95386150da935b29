//===----------------------------------------------------------------------===//
// replication.h: one Monte Carlo replication of the children's journeys
//
// A Model is built once from a Scenario (calendar, metric list, lookup
// tables) and is then read-only: many threads may call run() at once, each
// replication drawing only from its own random streams. The model's modules
// and how one replication runs are described in docs/architecture.md.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "caseflow/engine/calendar.h"
#include "caseflow/model/metrics.h"
#include "caseflow/model/module.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

struct ModelOptions {
  //! Check the model's invariants at every month end (children conserved, no
  //! negative counts, every child in exactly one case) and throw on a breach.
  bool check_invariants = false;
  //! Record every child's episodes (ReplicationResult::episodes) in
  //! replications 0 to episode_replications - 1. Recording draws nothing and
  //! changes nothing else: the monthly table is the same with it as without.
  std::uint64_t episode_replications = 0;
};

//! One child's spell in one state (episode_log.h).
struct Episode {
  static constexpr std::uint32_t kOpen = UINT32_MAX;           // `to` of an episode still open at the end
  static constexpr std::uint32_t kAdulthood = UINT32_MAX - 1;  // left on reaching adulthood (to the state's at_adulthood)
  std::uint64_t child = 0;  // the child's number in its replication, in the order the children were made
  std::uint32_t state = 0;
  std::uint32_t to = kOpen;  // the state the child went to, kAdulthood or kOpen
  double start = 0.0;        // days since the start date; NaN: in the state at the start (warm start)
  double end = 0.0;          // days since the start date; NaN while open
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  MonthlyTable table;
  std::uint64_t events = 0;  // events processed: the unit of simulation work
  //! Every child's episodes, in the order they began (ties: the order the
  //! model made them); only when ModelOptions::episode_replications asks.
  std::vector<Episode> episodes;
};

class Model {
 public:
  //! `extra` modules (module.h) come after the standard ones; tests use it.
  explicit Model(Scenario scenario, ModelOptions options = {}, ModelModules extra = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const MetricRegistry& metrics() const { return metrics_; }
  const WorkingCalendar& calendar() const { return *calendar_; }
  int months() const { return months_; }

  //! Runs replication `index`; a pure function of (scenario, seed, index).
  ReplicationResult run(std::uint64_t index) const;

  //! What the core modules work out once for every replication (their metric
  //! columns and lookup tables), and the other modules.
  struct Parts;

 private:
  Scenario scenario_;
  ModelOptions options_;
  std::unique_ptr<WorkingCalendar> calendar_;
  MetricRegistry metrics_;
  std::unique_ptr<Parts> parts_;
  int months_ = 0;
  std::vector<double> month_starts_;
};

}  // namespace caseflow
