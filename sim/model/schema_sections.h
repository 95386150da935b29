// The sections of scenario_schema() that have files of their own (model
// layer, not public): each is the description its reader checks keys against.
#pragma once

#include <string>
#include <vector>

#include "caseflow/engine/config_schema.h"

namespace caseflow::detail {

schema::Value workforce_section();
schema::Value workload_section();
schema::Value costs_section();

// Words and values several sections share.
//! The categories a state may have: front_door ... exit.
std::vector<std::string> category_words();
//! The categories social workers hold: assessment, cin, cp, lac, leaving_care.
std::vector<std::string> held_category_words();
//! The evidence's presets of a feedback: low, central, high.
schema::Value feedback_word(const std::string& what);
//! A drawn length of time: a distribution with a `unit` (read_duration).
const schema::Value& timed_distribution();
//! {until_age: AGE}: a state that lasts until the child is that old (read_duration).
const schema::Value& until_age();
//! A duration: timed_distribution() or until_age().
schema::Value duration(const std::string& description);
//! A length of time that cannot be until_age: timed_distribution() described.
schema::Value length(const std::string& description);
//! The units of a length of time: days, working_days, weeks, months, years.
std::vector<std::string> time_unit_words();
//! The name of a state in pathway.states.
schema::Value state_name(const std::string& description);

}  // namespace caseflow::detail
