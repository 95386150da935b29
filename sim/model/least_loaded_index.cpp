#include "caseflow/model/least_loaded_index.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace caseflow::model {

LeastLoadedIndex::Node LeastLoadedIndex::leaf_node(std::uint32_t rank) const {
  Node node;
  const auto empty = static_cast<std::uint32_t>(leaves_);
  const bool chosen = keys_[rank] < kInfinity;
  for (std::uint32_t k = 0; k <= kMaxChildren; ++k) node[k] = chosen && (k == 0 || room_[rank] >= k) ? rank : empty;
  return node;
}

LeastLoadedIndex::Node LeastLoadedIndex::pulled(std::size_t node) const {
  const Node& left = nodes_[2 * node];
  const Node& right = nodes_[2 * node + 1];
  Node up;
  // The right child (higher ranks) wins only with a strictly lower key.
  for (std::uint32_t k = 0; k <= kMaxChildren; ++k) up[k] = keys_[right[k]] < keys_[left[k]] ? right[k] : left[k];
  return up;
}

bool LeastLoadedIndex::consistent() const {
  if (leaves_ == 0) return true;
  for (std::size_t r = 0; r < leaves_; ++r)
    if (nodes_[leaves_ + r] != leaf_node(static_cast<std::uint32_t>(r))) return false;
  for (std::size_t node = 1; node < leaves_; ++node)
    if (nodes_[node] != pulled(node)) return false;
  return keys_[leaves_] == kInfinity;
}

void LeastLoadedIndex::rebuild(const std::vector<Leaf>& leaves, std::size_t capacity) {
  leaves_ = std::bit_ceil(std::max<std::size_t>({leaves.size(), capacity, 1}));
  keys_.assign(leaves_ + 1, kInfinity);
  room_.assign(leaves_, 0);
  for (std::size_t r = 0; r < leaves.size(); ++r) {
    // NaN never compares below anything, as in the scan: store it as +inf.
    keys_[r] = leaves[r].key < kInfinity ? leaves[r].key : kInfinity;
    room_[r] = static_cast<std::uint8_t>(std::min(leaves[r].room, kMaxChildren));
  }
  nodes_.assign(2 * leaves_, Node{});
  for (std::size_t r = 0; r < leaves_; ++r) nodes_[leaves_ + r] = leaf_node(static_cast<std::uint32_t>(r));
  for (std::size_t node = leaves_ - 1; node >= 1; --node) nodes_[node] = pulled(node);
}

void LeastLoadedIndex::update(std::uint32_t rank, Leaf leaf) {
  const double key = leaf.key < kInfinity ? leaf.key : kInfinity;
  const auto room = static_cast<std::uint8_t>(std::min(leaf.room, kMaxChildren));
  if (keys_[rank] == key && room_[rank] == room) return;  // nothing the trees see changed
  std::size_t node = leaves_ + rank;
  // The pulls below read the path and each node's other child (a pair of
  // nodes sits together): ask for them all at once, so that the misses
  // overlap instead of following one another (issue 24).
  for (std::size_t at = node; at >= 1; at /= 2) {
    const char* pair = reinterpret_cast<const char*>(nodes_.data() + (at & ~std::size_t{1}));
    __builtin_prefetch(pair);
    __builtin_prefetch(pair + 2 * sizeof(Node) - 1);
  }
  keys_[rank] = key;
  room_[rank] = room;
  nodes_[node] = leaf_node(rank);
  // A tree whose winner at a node stays as it was and is not this worker
  // (whose key the nodes above compare) changes no further up: the winner of
  // each node above is the winner of one of its children. So each tree's
  // walk ends at its own height, and the walk at the highest: most changes
  // are to workers who are somebody's best in one or two trees, and pulling
  // all six trees to the top cost 18% of an x80 run (issue 24, session 19).
  const double* keys = keys_.data();
  unsigned changing = (1u << (kMaxChildren + 1)) - 1;
  for (node /= 2; node >= 1 && changing != 0; node /= 2) {
    const Node& left = nodes_[2 * node];
    const Node& right = nodes_[2 * node + 1];
    Node& up = nodes_[node];
    // (As pulled(), tree by tree; the right child, higher ranks, wins only with a strictly lower key.)
    for (unsigned trees = changing; trees != 0; trees &= trees - 1) {
      const auto k = static_cast<std::uint32_t>(std::countr_zero(trees));
      const std::uint32_t winner = keys[right[k]] < keys[left[k]] ? right[k] : left[k];
      if (winner == up[k] && winner != rank) changing &= ~(1u << k);
      up[k] = winner;
    }
  }
}

}  // namespace caseflow::model
