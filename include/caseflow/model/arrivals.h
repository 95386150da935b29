//===----------------------------------------------------------------------===//
// arrivals.h: demand: contacts arriving at the front door
//
// Contacts arrive as a Poisson process whose rate follows the seasons and
// the scenario's growth (by thinning, Lewis & Shedler 1979), each a family
// of children from a referring agency. Demand levers divert a share of them
// to another state (early help, say). The one pending arrival is kept out of
// the event queue: half of all events are arrivals, and the replication
// merges it with the queue in (time, sequence) order.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "caseflow/model/replication_context.h"

namespace caseflow::model {

class Allocation;
class CaseBook;
class PathwayFlow;

class Arrivals {
 public:
  //! Built once per model: the metric columns and the arrival-rate tables.
  struct Shared {
    std::uint32_t contacts = 0, contacts_diverted = 0;
    std::vector<std::uint32_t> contacts_by_agency;
    //! Cumulative shares of the referring agencies: [0] before any policy,
    //! [e + 1] from policy epoch e on.
    std::vector<std::vector<double>> agency_cumulative;
    //! Expected families arrived by the start of each day of the run (the
    //! integral of the arrival rate, with every policy's demand in it): an
    //! arrival is where the next unit-rate draw lands on it, so two
    //! scenarios share each family's draws and the k-th family arrives where
    //! its scenario's rate puts it (common random numbers through a change).
    std::vector<double> cumulative_families;
    std::uint32_t fixed_family_size = 0;         // > 0: the family size is this constant
    static Shared prepare(const Scenario& scenario, const WorkingCalendar& calendar, double horizon, MetricRegistry& metrics);
  };

  Arrivals(ReplicationContext& context, const Shared& shared, CaseBook& cases, PathwayFlow& flow, const Allocation* allocation);

  //! Draws the first arrival.
  void start() { schedule_next_arrival(); }
  //! The pending arrival (kNever: none before the horizon), and the sequence
  //! number it took, so ties with queued events order as if it were queued.
  double next_arrival() const { return next_arrival_; }
  std::uint64_t arrival_sequence() const { return arrival_sequence_; }
  //! The pending arrival happens (the clock is at it): its children enter the
  //! pathway and the next arrival is drawn.
  void on_arrival();
  //! Policy epoch `epoch` takes effect (`scenario` is its scenario): its
  //! levers and agency shares from now on (its rates are in the table).
  void adopt(const Scenario& scenario, int epoch);

 private:
  void schedule_next_arrival();
  std::uint32_t draw_agency();
  static std::uint32_t family_size_from(double drawn) { return static_cast<std::uint32_t>(std::max(1.0, std::round(drawn))); }

  ReplicationContext& ctx_;
  const Shared& shared_;
  const Demand* demand_;                     // the levers in force
  const std::vector<double>* agency_cumulative_;  // the agency shares in force
  const Children& children_;
  CaseBook& cases_;
  PathwayFlow& flow_;
  const Allocation* allocation_;  // null without a workforce
  const double horizon_;
  double arrived_ = 0.0;    // the unit-rate clock: expected families by the pending arrival
  std::size_t day_ = 0;     // the day of the run it falls in
  double next_arrival_ = kNever;
  std::uint64_t arrival_sequence_ = 0;
  std::uint64_t families_ = 0;  // arrived so far: the serial of each family's stream
};

}  // namespace caseflow::model
