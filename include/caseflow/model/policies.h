//===----------------------------------------------------------------------===//
// policies.h: a scenario's values changed from a date (`policies:`)
//
//   policies:
//     - name: early help from January 2017
//       from: 2017-01-01
//       set: {demand.contacts_per_year: 26000, workforce.recruitment.success_rate: 0.1}
//     - from: 2017-04-01
//       until: 2018-04-01
//       ramp: {demand.contacts_per_year: [26000, 24000]}
//
// `set` changes key paths (the `--set` syntax) from `from`; `ramp` moves a
// number linearly from its first to its second value between `from` and
// `until`, a step at each month start. Dates are month starts of the run
// after its first day: the model changes its values between two months.
//
// Each distinct date gives an epoch: the whole scenario re-read with every
// change up to that date applied, so a policy's values are checked exactly
// as the file's own are. Only what the model can honour mid-run may change
// (policy_key_allowed); spells, hires and placements that began before a
// date keep what they drew. Nothing before the first date differs from the
// same scenario without policies, draw for draw.
//===----------------------------------------------------------------------===//
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

//! Re-reads the scenario file with these `key.path=value` assignments on
//! top of the run's own, ignoring its `policies:`.
using ScenarioReparser = std::function<Scenario(const std::vector<std::string>& overrides)>;

//! The epochs of a scenario's `policies:` list (`list`), for `base`, the
//! scenario before any policy. Errors name the file, the policy's key and
//! its line.
std::vector<PolicyEpoch> read_policies(const ConfigNode& list, const Scenario& base, const ScenarioReparser& reparse);

//! Whether a policy may change this key path (list positions written
//! `key[N]`), and if not, what may.
bool policy_key_allowed(const std::string& key_path);
const char* policy_keys_allowed_text();

//! The epoch in force on `day` (-1: before the first policy, the base).
int epoch_at(const std::vector<PolicyEpoch>& epochs, double day);

}  // namespace caseflow
