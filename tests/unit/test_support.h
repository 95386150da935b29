// Shared helpers for the unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"

namespace caseflow::test_support {

//! One replication's value of a metric in a month (the metric must exist).
inline double metric(const MonthlyTable& table, const Model& model, std::size_t month, const std::string& name) {
  const int k = model.metrics().find(name);
  EXPECT_GE(k, 0) << name;
  return table.at(month, static_cast<std::size_t>(k));
}


inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(CASEFLOW_SOURCE_DIR) + "/" + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

//! A one-state pathway: contacts go straight into `work` (category cin) and
//! leave by `closure` after `duration`. No siblings, no re-referrals, and
//! children arrive as newborns so nobody reaches adulthood within `years`.
inline std::string one_state_yaml(double contacts_per_year, const std::string& duration, double open_at_start,
                                  double years = 5) {
  std::ostringstream y;
  y << "scenario: {name: one-state, start_date: 2021-01-01}\n"
    << "simulation: {years: " << years << ", replications: 10, seed: 7}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: " << contacts_per_year << "}\n"
    << "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    << "pathway:\n"
    << "  entry: contact\n  referral: work\n  assessment: work\n"
    << "  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
    << "    work: {category: cin, duration: " << duration << ", transitions: [{to: closure, probability: 1}]}\n"
    << "    closure: {category: exit}\n";
  if (open_at_start > 0) y << "warm_start: {open_by_state: {work: " << open_at_start << "}}\n";
  return y.str();
}

}  // namespace caseflow::test_support
