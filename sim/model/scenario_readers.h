// Readers shared by the scenario's section parsers (model layer, not public).
#pragma once

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"

namespace caseflow::detail {

Date read_date(const ConfigNode& node);
TimeUnit read_unit(const ConfigNode& node);
Category read_category(const ConfigNode& node);
DurationSpec read_duration(const ConfigNode& node);
std::uint32_t state_index(const Pathway& pathway, const ConfigNode& node);
double day_of(const Scenario& scenario, const Date& date);

}  // namespace caseflow::detail
