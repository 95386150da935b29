#include "caseflow/model/timeliness.h"

namespace caseflow::model {

Timeliness::Shared Timeliness::Shared::prepare(const Scenario& scenario, MetricRegistry& metrics) {
  Shared shared;
  const auto& states = scenario.pathway.states;
  shared.started_by.assign(states.size(), 0);
  shared.stopped_by.assign(states.size(), 0);
  for (std::size_t i = 0; i < scenario.timescales.size(); ++i) {
    const Timescale& t = scenario.timescales[i];
    shared.share_column.push_back(metrics.ratio(t.name + "_in_timescale_share",
                                                "share of " + t.name + " completed within " + format_number(t.limit_working_days) +
                                                    " working days of entering " + states[t.from_state].label));
    shared.started_by[t.from_state] |= std::uint32_t{1} << i;
    shared.stopped_by[t.to_state] |= std::uint32_t{1} << i;
  }
  return shared;
}

}  // namespace caseflow::model
