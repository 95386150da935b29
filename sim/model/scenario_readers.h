// Readers shared by the scenario's section parsers (model layer, not public).
#pragma once

#include <array>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"
#include "caseflow/model/workforce_config.h"

namespace caseflow::detail {

Date read_date(const ConfigNode& node);
TimeUnit read_unit(const ConfigNode& node);
Category read_category(const ConfigNode& node);
//! A category social workers hold (not the front door, not an exit), named
//! `name`; an unknown or unheld name is an error at `where`.
Category held_category(const std::string& name, const ConfigNode& where);
//! The evidence's low, central or high value of a feedback (capacity-evidence
//! §0), by the name `node` holds.
double feedback_preset(const ConfigNode& node, const std::array<double, 3>& low_central_high);
DurationSpec read_duration(const ConfigNode& node);
std::uint32_t state_index(const Pathway& pathway, const ConfigNode& node);
double day_of(const Scenario& scenario, const Date& date);
//! Fails at `node` unless `total`, the sum of the shares under it, is 1
//! (within 1e-6): "<what> sum to 0.9, expected 1".
void require_sum_of_one(const ConfigNode& node, double total, const std::string& what);

// Defaults, for the resolved configuration (ConfigNode::record_default).
//! A distribution or duration the loader made itself, in the form the readers
//! take; null for a family with no exact written form here (only fixed,
//! exponential, triangular and uniform are written).
YAML::Node distribution_yaml(const Distribution& distribution);
YAML::Node duration_yaml(const DurationSpec& duration);
//! Records the values used for the optional keys of the map `parent.section`:
//! each key the section leaves out, or the whole section when it is absent.
//! Null values are skipped.
void record_section_defaults(const ConfigNode& parent, std::string_view section,
                             const std::vector<std::pair<std::string, YAML::Node>>& defaults);

//! The values parse_workforce used for the optional keys the scenario's
//! `workforce` left out, read back from what it built (workforce_config.cpp).
void record_workforce_defaults(const ConfigNode& node, const WorkforceConfig& w);

}  // namespace caseflow::detail
