#include "caseflow/model/least_loaded_index.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace caseflow::model {

LeastLoadedIndex::Node LeastLoadedIndex::leaf_node(std::uint32_t rank, Leaf leaf) {
  Node node;
  // NaN never compares below anything, as in the scan: store it as +inf.
  if (!(leaf.key < kInfinity)) return node;
  for (std::uint32_t k = 0; k <= kMaxChildren; ++k)
    if (k == 0 || leaf.room >= k) node[k] = Entry{leaf.key, rank};
  return node;
}

void LeastLoadedIndex::pull(std::size_t node) {
  const Node& left = nodes_[2 * node];
  const Node& right = nodes_[2 * node + 1];
  Node& up = nodes_[node];
  // The right child (higher ranks) wins only with a strictly lower key.
  for (std::uint32_t k = 0; k <= kMaxChildren; ++k) up[k] = right[k].key < left[k].key ? right[k] : left[k];
}

void LeastLoadedIndex::rebuild(const std::vector<Leaf>& leaves, std::size_t capacity) {
  leaves_ = std::bit_ceil(std::max<std::size_t>({leaves.size(), capacity, 1}));
  nodes_.assign(2 * leaves_, Node{});
  for (std::size_t r = 0; r < leaves.size(); ++r) nodes_[leaves_ + r] = leaf_node(static_cast<std::uint32_t>(r), leaves[r]);
  for (std::size_t node = leaves_ - 1; node >= 1; --node) pull(node);
}

void LeastLoadedIndex::update(std::uint32_t rank, Leaf leaf) {
  std::size_t node = leaves_ + rank;
  // The pulls below read the path and each node's other child, in a large
  // team's tree a cache miss or two a level: ask for them all at once, so
  // the misses overlap instead of following one another (issue 24).
  for (std::size_t at = node; at >= 1; at /= 2)
    for (const std::size_t n : {at, at ^ 1}) {
      const char* bytes = reinterpret_cast<const char*>(nodes_.data() + n);
      __builtin_prefetch(bytes);
      __builtin_prefetch(bytes + sizeof(Node) - 1);
    }
  nodes_[node] = leaf_node(rank, leaf);
  const auto same = [](const Node& a, const Node& b) {
    for (std::uint32_t k = 0; k <= kMaxChildren; ++k)
      if (a[k].rank != b[k].rank || a[k].key != b[k].key) return false;
    return true;
  };
  // Above the first node the change leaves as it was, nothing changes: most
  // changes are to workers who are nobody's best, so this stops low (issue 24).
  for (node /= 2; node >= 1; node /= 2) {
    const Node before = nodes_[node];
    pull(node);
    if (same(nodes_[node], before)) break;
  }
}

}  // namespace caseflow::model
