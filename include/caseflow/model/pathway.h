//===----------------------------------------------------------------------===//
// pathway.h: checks on the pathway graph, and its Graphviz picture
//
// The pathway is a directed graph of states and transitions. Boost.Graph
// answers the structural questions: can every state be reached, and does
// every state lead to an exit (so no child can be stuck for ever)?
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "caseflow/model/scenario.h"

namespace caseflow {

struct PathwayProblem {
  std::uint32_t state;
  std::string message;
};

//! Structural problems: probabilities not summing to 1, states that cannot be
//! reached from the entry or the referral state, states from which no exit
//! can be reached, exits with transitions. Empty when the pathway is sound.
std::vector<PathwayProblem> check_pathway(const Pathway& pathway, const std::vector<std::uint32_t>& extra_starts = {});

//! The pathway as a Graphviz DOT digraph: states grouped by category, edges
//! labelled with probability and duration.
std::string pathway_dot(const Pathway& pathway, const std::string& title);

}  // namespace caseflow
