//===----------------------------------------------------------------------===//
// timeliness.h: statutory timescales (e.g. assessment within 45 working days)
//
// A timescale's clock starts when a case enters its `from` state and stops
// when the case leaves by its `to` state; the month's share completed within
// the limit is reported as `<name>_in_timescale_share`. The pathway flow says
// which clocks a move starts and stops (bit masks it keeps per state, so a
// move costs no lookups); this module keeps the clocks and the counts.
//===----------------------------------------------------------------------===//
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "caseflow/model/cases.h"
#include "caseflow/model/replication_context.h"

namespace caseflow::model {

class Timeliness {
 public:
  //! Built once per model: the metric columns and which clocks each state
  //! starts and stops.
  struct Shared {
    std::vector<std::uint32_t> share_column;  // per timescale
    std::vector<std::uint32_t> started_by;    // per state: bit i, entering starts timescale i's clock
    std::vector<std::uint32_t> stopped_by;    // per state: bit i, leaving stops timescale i's clock
    static Shared prepare(const Scenario& scenario, MetricRegistry& metrics);
  };

  Timeliness(ReplicationContext& context, const Shared& shared) : ctx_(context), shared_(shared) {}

  //! Entering a state: start the clocks in `started` (a Shared::started_by mask).
  void start_clocks(Case& c, std::uint32_t started) const {
    for (; started != 0; started &= started - 1) c.clock_start[static_cast<std::size_t>(std::countr_zero(started))] = ctx_.now;
  }

  //! Leaving a state: the k children of the case finish the timescales in
  //! `stopped` whose clocks are running, in or out of time.
  void stop_clocks(Case& c, std::uint32_t stopped, double k) {
    // In ascending order, as the counts were always made.
    for (; stopped != 0; stopped &= stopped - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(stopped));
      if (std::isnan(c.clock_start[i])) continue;
      const double taken = ctx_.working_days_since(c.clock_start[i]);
      const std::uint32_t column = shared_.share_column[i];
      ctx_.ratio_denominator[column] += k;
      if (taken <= ctx_.scenario.timescales[i].limit_working_days + 1e-9) ctx_.ratio_numerator[column] += k;
      c.clock_start[i] = kNaN;
    }
  }

  //! A case found in state s at the start, there for `elapsed_days`: the
  //! clocks of the timescales that begin or end in s have run that long.
  void start_clocks_found(Case& c, std::uint32_t s, double elapsed_days) const {
    for (std::size_t i = 0; i < ctx_.scenario.timescales.size(); ++i) {
      const Timescale& t = ctx_.scenario.timescales[i];
      if (t.from_state == s || t.to_state == s) c.clock_start[i] = -elapsed_days;
    }
  }

 private:
  ReplicationContext& ctx_;
  const Shared& shared_;
};

}  // namespace caseflow::model
