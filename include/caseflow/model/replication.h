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

#include "caseflow/engine/calendar.h"
#include "caseflow/model/metrics.h"
#include "caseflow/model/module.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

struct ModelOptions {
  //! Check the model's invariants at every month end (children conserved, no
  //! negative counts, every child in exactly one case) and throw on a breach.
  bool check_invariants = false;
};

struct ReplicationResult {
  std::uint64_t replication = 0;
  MonthlyTable table;
  std::uint64_t events = 0;  // events processed: the unit of simulation work
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
