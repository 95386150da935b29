// The least-loaded index gives the scan's choice exactly: the lowest key,
// ties to the lowest rank, among workers with room for k more (or anyone),
// through random updates, with ties, infinities and NaN keys.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "caseflow/model/least_loaded_index.h"

using caseflow::model::LeastLoadedIndex;

namespace {

std::uint32_t scan(const std::vector<LeastLoadedIndex::Leaf>& leaves, std::uint32_t k) {
  std::uint32_t best = LeastLoadedIndex::kNone;
  double best_key = std::numeric_limits<double>::infinity();
  for (std::uint32_t r = 0; r < leaves.size(); ++r)
    if ((k == 0 || leaves[r].room >= k) && leaves[r].key < best_key) {
      best_key = leaves[r].key;
      best = r;
    }
  return best;
}

LeastLoadedIndex::Leaf random_leaf(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 9), key(0, 5), room(0, LeastLoadedIndex::kMaxChildren);
  LeastLoadedIndex::Leaf leaf;
  const int k = kind(rng);
  leaf.key = k == 0 ? std::numeric_limits<double>::infinity() : k == 1 ? std::nan("") : key(rng) * 0.25;  // many ties
  leaf.room = static_cast<std::uint32_t>(room(rng));
  return leaf;
}

std::vector<LeastLoadedIndex::Leaf> random_leaves(std::mt19937_64& rng, std::size_t n) {
  std::vector<LeastLoadedIndex::Leaf> leaves(n);
  for (auto& leaf : leaves) leaf = random_leaf(rng);
  return leaves;
}

}  // namespace

TEST(LeastLoadedIndex, AgreesWithTheScanThroughUpdates) {
  std::mt19937_64 rng(11);
  for (std::size_t n : {1, 2, 3, 7, 64, 100, 257}) {
    std::vector<LeastLoadedIndex::Leaf> leaves = random_leaves(rng, n);
    LeastLoadedIndex index;
    index.rebuild(leaves);
    std::uniform_int_distribution<std::size_t> at(0, n - 1);
    for (int step = 0; step < 2000; ++step) {
      for (std::uint32_t k = 0; k <= LeastLoadedIndex::kMaxChildren; ++k)
        ASSERT_EQ(index.best(k), scan(leaves, k)) << "n " << n << " step " << step << " k " << k;
      const auto r = at(rng);
      leaves[r] = random_leaf(rng);
      index.update(static_cast<std::uint32_t>(r), leaves[r]);
    }
  }
}

TEST(LeastLoadedIndex, NobodyEligibleIsNone) {
  LeastLoadedIndex index;
  index.rebuild({});
  EXPECT_EQ(index.best(0), LeastLoadedIndex::kNone);
  index.rebuild({{std::numeric_limits<double>::infinity(), 5}, {std::nan(""), 5}, {1.0, 0}});
  EXPECT_EQ(index.best(0), 2u);
  EXPECT_EQ(index.best(1), LeastLoadedIndex::kNone);
}

// Allocation's use at scale: spare places filled by joiners in turn, and
// leavers' places emptied, without a rebuild; the choice stays the scan's
// over the places (an empty place is never chosen).
TEST(LeastLoadedIndex, AgreesWithTheScanThroughJoinersAndLeavers) {
  std::mt19937_64 rng(5);
  for (std::size_t n : {0, 1, 5, 64, 100}) {
    std::vector<LeastLoadedIndex::Leaf> leaves = random_leaves(rng, n);
    LeastLoadedIndex index;
    index.rebuild(leaves, n + n / 4 + 8);
    ASSERT_GE(index.capacity(), n + n / 4 + 8);
    std::uniform_int_distribution<int> what(0, 2);
    for (int step = 0; step < 1000; ++step) {
      for (std::uint32_t k = 0; k <= LeastLoadedIndex::kMaxChildren; ++k)
        ASSERT_EQ(index.best(k), scan(leaves, k)) << "n " << n << " step " << step << " k " << k;
      const int w = what(rng);
      if (w == 0 && leaves.size() < index.capacity()) {  // a joiner takes the next place
        leaves.push_back(random_leaf(rng));
        index.update(static_cast<std::uint32_t>(leaves.size() - 1), leaves.back());
      } else if (!leaves.empty()) {  // a leaver's place is emptied, or a worker changes
        const auto r = std::uniform_int_distribution<std::size_t>(0, leaves.size() - 1)(rng);
        leaves[r] = w == 1 ? LeastLoadedIndex::Leaf{} : random_leaf(rng);
        index.update(static_cast<std::uint32_t>(r), leaves[r]);
      }
    }
  }
}

// Every node, not only the roots, holds its children's winners after
// updates that each stop at their own height in each tree: a node left stale
// below a root would surface only later, at another worker's change.
TEST(LeastLoadedIndex, EveryNodeStaysCurrent) {
  std::mt19937_64 rng(23);
  for (std::size_t n : {1, 2, 5, 64, 300}) {
    std::vector<LeastLoadedIndex::Leaf> leaves = random_leaves(rng, n);
    LeastLoadedIndex index;
    index.rebuild(leaves, n + 3);
    ASSERT_TRUE(index.consistent());
    std::uniform_int_distribution<std::size_t> at(0, n - 1);
    for (int step = 0; step < 3000; ++step) {
      const auto r = static_cast<std::uint32_t>(at(rng));
      // Small steps of one worker's key, as a case allocated or released moves it.
      leaves[r].key = std::isfinite(leaves[r].key) && step % 3 != 0 ? leaves[r].key + (step % 2 ? 0.25 : -0.25) : random_leaf(rng).key;
      leaves[r].room = static_cast<std::uint32_t>(step % 7 == 0 ? random_leaf(rng).room : leaves[r].room);
      index.update(r, leaves[r]);
      ASSERT_TRUE(index.consistent()) << "n " << n << " step " << step;
      const auto held = index.leaf(r);
      EXPECT_EQ(held.room, std::min(leaves[r].room, LeastLoadedIndex::kMaxChildren));
    }
  }
}

TEST(LeastLoadedIndex, LeafReadsWhatWasStored) {
  // leaf() is what --check-invariants compares with each worker.
  LeastLoadedIndex index;
  index.rebuild({{1.0, 5}, {2.0, 5}, {3.0, 5}});
  EXPECT_TRUE(index.consistent());
  EXPECT_EQ(index.leaf(1).key, 2.0);
  index.update(1, {0.5, 5});
  EXPECT_EQ(index.best(0), 1u);
  EXPECT_TRUE(index.consistent());
}

namespace caseflow::model {
// Corrupts the index from outside, so that the consistency check is seen to fail.
struct LeastLoadedIndexTestAccess {
  static void set_winner(LeastLoadedIndex& index, std::size_t node, std::uint32_t tree, std::uint32_t rank) {
    index.nodes_[node][tree] = rank;
  }
};
}  // namespace caseflow::model

TEST(LeastLoadedIndex, ConsistencyCheckFailsOnAStaleNode) {
  LeastLoadedIndex index;
  index.rebuild({{1.0, 5}, {2.0, 5}, {3.0, 5}, {0.5, 5}});
  ASSERT_TRUE(index.consistent());
  // The root (node 1) names rank 3 (key 0.5) in tree 0: name rank 1 instead.
  caseflow::model::LeastLoadedIndexTestAccess::set_winner(index, 1, 0, 1);
  EXPECT_FALSE(index.consistent());
  index.rebuild({{1.0, 5}, {2.0, 5}});
  ASSERT_TRUE(index.consistent());
  // A leaf node (ranks start at node `capacity()`) naming another rank.
  caseflow::model::LeastLoadedIndexTestAccess::set_winner(index, index.capacity() + 1, 2, 0);
  EXPECT_FALSE(index.consistent());
}
