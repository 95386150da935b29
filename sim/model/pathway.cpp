#include "caseflow/model/pathway.h"

#include <cmath>
#include <iomanip>
#include <iterator>
#include <map>
#include <sstream>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/reverse_graph.hpp>

namespace caseflow {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

//! With `adulthood`, the exits children take at 18 are edges too: they make an
//! exit reachable, but they do not rescue a state with no other way out,
//! since a child may enter it young.
Graph build_graph(const Pathway& pathway, bool adulthood = false) {
  Graph graph(pathway.states.size());
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s) {
    // A transition that can never be taken does not make its target reachable.
    for (const auto& transition : pathway.states[s].transitions)
      if (transition.probability > 0) boost::add_edge(s, transition.to, graph);
    if (adulthood && !pathway.states[s].is_exit() && !pathway.states[s].holds_adults())
      boost::add_edge(s, pathway.states[s].adulthood_exit, graph);
  }
  return graph;
}

template <class G>
std::vector<bool> reachable_from(const G& graph, const std::vector<std::uint32_t>& sources) {
  const auto n = boost::num_vertices(graph);
  std::vector<boost::default_color_type> colours(n, boost::white_color);
  auto colour_map = boost::make_iterator_property_map(colours.begin(), boost::get(boost::vertex_index, graph));
  for (const auto source : sources)
    if (colours[source] == boost::white_color)
      boost::breadth_first_visit(graph, source, boost::visitor(boost::default_bfs_visitor()).color_map(colour_map));
  std::vector<bool> reached(n);
  for (std::size_t v = 0; v < n; ++v) reached[v] = colours[v] != boost::white_color;
  return reached;
}

std::string format_number(double value) {
  std::ostringstream out;
  out << std::setprecision(4) << value;
  return out.str();
}

std::string describe_duration(const DurationSpec& duration) {
  if (duration.kind == DurationSpec::Kind::until_age) return "until age " + format_number(duration.age_years);
  return duration.distribution.describe() + " " + time_unit_name(duration.unit);
}

}  // namespace

std::vector<PathwayProblem> check_pathway(const Pathway& pathway, const std::vector<std::uint32_t>& extra_starts) {
  std::vector<PathwayProblem> problems;
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s) {
    const State& state = pathway.states[s];
    if (state.is_exit()) {
      if (!state.transitions.empty())
        problems.push_back({s, "is an exit (category exit) but has transitions; exits end the journey"});
      continue;
    }
    if (state.transitions.empty()) {
      problems.push_back({s, "has no transitions; give it some, or make it an exit (category: exit)"});
      continue;
    }
    double total = 0.0;
    for (const auto& transition : state.transitions) total += transition.probability;
    // Probabilities in configs are written to 3 or 4 decimals; 1e-6 forgives
    // rounding in a long list but not a missing branch.
    if (std::fabs(total - 1.0) > 1e-6)
      problems.push_back({s, "outgoing probabilities sum to " + format_number(total) + ", expected 1"});
  }

  const Graph graph = build_graph(pathway);
  const Graph with_adulthood = build_graph(pathway, true);
  std::vector<std::uint32_t> starts{pathway.entry, pathway.referral};
  starts.insert(starts.end(), extra_starts.begin(), extra_starts.end());
  const auto forward = reachable_from(with_adulthood, starts);
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s)
    if (!forward[s]) problems.push_back({s, "cannot be reached from the entry state or the referral state"});

  std::vector<std::uint32_t> exits;
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s)
    if (pathway.states[s].is_exit()) exits.push_back(s);
  if (exits.empty()) {
    problems.push_back({pathway.entry, "the pathway has no exit state (category: exit)"});
    return problems;
  }
  const auto backward = reachable_from(boost::make_reverse_graph(graph), exits);
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s)
    if (!backward[s]) problems.push_back({s, "no exit can be reached from it: children would stay for ever"});
  return problems;
}

std::string pathway_dot(const Pathway& pathway, const std::string& title) {
  const Graph graph = build_graph(pathway);
  std::vector<std::string> edge_labels;
  auto vertex_writer = [&](std::ostream& out, std::size_t v) {
    const State& state = pathway.states[v];
    // By category: front door, assessment, CIN, CP, looked after, care leavers, exit.
    static constexpr const char* colours[] = {"#dddddd", "#fde0a6", "#b6d7f2", "#f5b7b1", "#c8e6c9", "#e1c8e6", "#ffffff"};
    static_assert(std::size(colours) == kCategoryCount, "a colour for every category");
    out << "[label=\"" << (state.label.empty() ? state.name : state.label) << "\\n(" << category_name(state.category)
        << ")\", shape=" << (state.is_exit() ? "doubleoctagon" : "box") << ", style=filled, fillcolor=\""
        << colours[static_cast<int>(state.category)] << "\"]";
  };
  // Edges are written in the order add_edge created them, which is the
  // config's order, so walk the transitions the same way for the labels.
  for (const auto& state : pathway.states)
    for (const auto& transition : state.transitions)
      if (transition.probability > 0) edge_labels.push_back(format_number(transition.probability * 100.0) + "%, " + describe_duration(transition.duration));
  std::size_t edge_counter = 0;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::string>> labels_by_edge;
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s)
    for (const auto& transition : pathway.states[s].transitions)
      if (transition.probability > 0) labels_by_edge[{s, transition.to}].push_back(edge_labels[edge_counter++]);
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> used;
  auto edge_writer = [&](std::ostream& out, const Graph::edge_descriptor& e) {
    const std::pair<std::size_t, std::size_t> key{boost::source(e, graph), boost::target(e, graph)};
    out << "[label=\"" << labels_by_edge[key][used[key]++] << "\", fontsize=10]";
  };
  auto graph_writer = [&](std::ostream& out) {
    out << "label=\"" << title << "\";\nlabelloc=t;\nrankdir=LR;\nnode [fontname=\"Helvetica\"];\n"
        << "edge [fontname=\"Helvetica\"];\n";
  };
  std::ostringstream out;
  boost::write_graphviz(out, graph, vertex_writer, edge_writer, graph_writer);
  return out.str();
}

}  // namespace caseflow
