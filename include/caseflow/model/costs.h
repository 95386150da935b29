//===----------------------------------------------------------------------===//
// costs.h: the costs module, pricing what a replication simulates
//
// A module that reads the model (module.h): at each month end it takes the
// month's FTE-days by grade and contract, managers' and business support's
// days, appointments and new posts from the workforce, child-days by
// placement type and allowance-days from the placements, and entries into
// priced states from the month's counts, and prices them with the scenario's
// unit costs (costs_config.h) at the month's price level. Every cost metric
// is the month's spend; the lines of finance.csv are the metrics with a
// finance line (metrics.h), and cost_total is their sum.
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>

#include "caseflow/model/module.h"

namespace caseflow {

struct CostsConfig;

//! The costs module of a scenario with a `costs` section.
std::unique_ptr<ModelModule> make_costs_module(const Scenario& scenario);

}  // namespace caseflow
