//===----------------------------------------------------------------------===//
// module.h: how a new part of the model plugs in
//
// The core modules (arrivals, pathway flow, timeliness, workforce,
// allocation) are called directly: they run on every event and their calls
// must inline. A module that reads the model rather than drives it (costs,
// say, or a survey of caseloads) plugs in here instead: it registers its
// metrics when the model is built, and in each replication it is told of
// each month's start and end, with a read-only view of the core modules.
// It is added by writing its own files and one line in model_modules.cpp
// (or, in a test, by passing it to the Model's constructor).
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "caseflow/model/metrics.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

namespace model {
class CaseBook;
class PathwayFlow;
class Workforce;
class Allocation;
class Placements;
}  // namespace model

//! A read-only look at a running replication.
class ReplicationView {
 public:
  ReplicationView(const double* now, const Scenario* in_force, const model::CaseBook& cases, const model::PathwayFlow& flow,
                  const model::Workforce* workforce, const model::Allocation* allocation,
                  const model::Placements* placements = nullptr)
      : now_(now), in_force_(in_force), cases_(cases), flow_(flow), workforce_(workforce), allocation_(allocation), placements_(placements) {}
  //! Days since the start date: at a month's start or end, that day.
  double now() const { return *now_; }
  //! The scenario in force now: the model's own, or the epoch of its latest
  //! policy (policies.h). A month is in one epoch; at a month's end this is
  //! the month's.
  const Scenario& in_force() const { return *in_force_; }
  const model::CaseBook& cases() const { return cases_; }
  const model::PathwayFlow& pathway() const { return flow_; }
  //! Null when the scenario has no workforce.
  const model::Workforce* workforce() const { return workforce_; }
  const model::Allocation* allocation() const { return allocation_; }
  //! Null unless the scenario's costs have placements or allowances.
  const model::Placements* placements() const { return placements_; }

 private:
  const double* now_;
  const Scenario* in_force_;
  const model::CaseBook& cases_;
  const model::PathwayFlow& flow_;
  const model::Workforce* workforce_;
  const model::Allocation* allocation_;
  const model::Placements* placements_;
};

//! One replication's part of a module: its own state, no one else's.
class ModuleReplication {
 public:
  virtual ~ModuleReplication() = default;
  //! Month `month` (1, 2, ...) starts; the view shows the state at its start.
  virtual void month_start(std::size_t /*month*/, const ReplicationView& /*view*/) {}
  //! Writes the module's columns of row `month` (0: the opening position).
  //! Called after the core modules have written theirs and the month's
  //! ratios are closed, so a ratio written here is the module's own.
  virtual void record_month_end(std::size_t month, const ReplicationView& view, MonthlyTable& table) = 0;
};

//! A module of the model: one instance belongs to one Model, which calls
//! register_metrics once and is read-only after, so many threads may start
//! replications of it at once. Whatever changes during a replication lives
//! in its ModuleReplication, never here.
class ModelModule {
 public:
  virtual ~ModelModule() = default;
  //! Registers the module's metrics (keep their column numbers here); they
  //! follow the core modules' columns.
  virtual void register_metrics(const Scenario& scenario, MetricRegistry& metrics) = 0;
  //! The module's state for replication `index`. Draws, if any, must come
  //! from a stream of the module's own purpose (random.h), made from the
  //! scenario's seed and stream set and this index.
  virtual std::unique_ptr<ModuleReplication> start_replication(std::uint64_t index) const = 0;
};

using ModelModules = std::vector<std::unique_ptr<ModelModule>>;

//! The modules every model of this scenario has beyond the core: the hook
//! where a new module is registered (sim/model/model_modules.cpp).
ModelModules standard_modules(const Scenario& scenario);

}  // namespace caseflow
