//===----------------------------------------------------------------------===//
// least_loaded_index.h: the least-loaded worker of a large team in O(1)
//
// Allocation takes the deployable worker with the lowest load key (the
// weighted caseload, or its share of the cap) and, among equal keys, the one
// who joined the team first; with room for the case's k children if anyone
// has it. A scan costs O(team size) per allocation, which is most of the run
// once teams have thousands of workers. This index keeps, over the team's
// workers in their order of joining, one min-tree for "anyone" and one for
// each k = 1..kMaxChildren ("room for k more"): the answer is a tree's root,
// and a worker's change updates one leaf-to-root path in every tree, in
// O(kMaxChildren log n); each tree's walk stops where its winner stays as it
// was and is somebody else. Ties resolve to the lower rank exactly as the scan
// does, so the choice is the scan's, value for value.
//
// A tree node holds only its winners' ranks (24 bytes for the six trees);
// the keys are one array by rank, which stays in cache. With the keys in
// the nodes (96 bytes) an authority-sized team's trees were megabytes, and
// an update's path a cache miss a level (issue 24, session 15).
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace caseflow::model {

class LeastLoadedIndex {
 public:
  //! Families larger than this are allocated by a scan.
  static constexpr std::uint32_t kMaxChildren = 5;
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  //! One worker as the index sees them: the key (+inf or NaN: never chosen,
  //! e.g. off sick or beyond the managers' span) and for how many more
  //! children they have room (0..kMaxChildren).
  struct Leaf {
    double key = std::numeric_limits<double>::infinity();
    std::uint32_t room = 0;
  };

  //! Rebuilds the index over `leaves`, in rank order, with room for at
  //! least `capacity` ranks (later ones start empty: never chosen).
  void rebuild(const std::vector<Leaf>& leaves, std::size_t capacity = 0);
  //! How many ranks the index holds (empty ones included).
  std::size_t capacity() const { return leaves_; }
  //! The worker at `rank` changed.
  void update(std::uint32_t rank, Leaf leaf);
  //! Whether every internal node holds its children's winners and every leaf
  //! node its rank's stored key and room (for tests and --check-invariants,
  //! which compares leaf() with each worker).
  bool consistent() const;
  //! What the index holds for `rank` (as update() or rebuild() stored it).
  Leaf leaf(std::uint32_t rank) const { return {keys_[rank], room_[rank]}; }
  //! The rank of the lowest (key, rank) with room for k more children
  //! (k = 1..kMaxChildren), or with k = 0 of anyone; kNone if nobody.
  std::uint32_t best(std::uint32_t k) const {
    const std::uint32_t rank = nodes_[1][k];
    return keys_[rank] < kInfinity ? rank : kNone;
  }

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
  //! Each tree's winner under a node: [0] anyone, [k] room for k more. A
  //! tree with nobody under the node names the empty rank, leaves_, whose
  //! key is +inf (so a comparison needs no test for "nobody").
  using Node = std::array<std::uint32_t, kMaxChildren + 1>;
  Node leaf_node(std::uint32_t rank) const;
  //! A node's winners from its children's.
  Node pulled(std::size_t node) const;
  friend struct LeastLoadedIndexTestAccess;  // a unit test corrupts a node to see consistent() fail

  std::size_t leaves_ = 0;     // a power of two
  std::vector<Node> nodes_;    // 1: the root; node i's children are 2i and 2i+1; leaves from leaves_
  std::vector<double> keys_;   // by rank, +inf for a worker never chosen; [leaves_]: the empty rank's +inf
  std::vector<std::uint8_t> room_;  // by rank
};

}  // namespace caseflow::model
