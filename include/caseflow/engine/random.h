//===----------------------------------------------------------------------===//
// random.h: reproducible random streams
//
// Every random draw comes from a stream that is a pure function of
// (master seed, stream set, replication index, purpose). Nothing depends on
// which thread runs a replication or in what order, so output is identical
// whatever the thread count (the OpenMC / ns-3 discipline).
//
// One purpose per stream: a new kind of draw in one module cannot shift the
// draws of another, and two scenarios that share a stream set share their
// demand draws (common random numbers).
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

#include <boost/random/mersenne_twister.hpp>

namespace caseflow {

//! The engine behind every stream. Boost's engines and distributions give the
//! same sequence on every platform and library version, unlike <random>'s
//! distributions.
using RandomEngine = boost::random::mt19937_64;

//! What a stream is for. Values are fixed forever: add new purposes at the end.
enum class StreamPurpose : std::uint32_t {
  demand = 1,      // contact arrivals, family size, age, referring agency
  routing = 2,     // which transition a case takes
  durations = 3,   // how long a case stays in a state
  warm_start = 4,  // the opening caseload
  workforce = 5,   // recruitment, turnover, sickness
  allocation = 6,  // tie-breaks in case allocation
  workload = 7,    // when the opening caseload's visits and reviews fall due
  placements = 8,  // placement types, their moves and shifts, opening allowances
  cases = 9,       // each case's own routes, durations and re-referral (CaseRandom)
};

//! SplitMix64 (Steele, Lea & Flood 2014): a bijective 64-bit mixer; used to
//! turn the stream key into well-spread seed words, and as a case's stream.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

//! The stream for one purpose of one replication.
RandomEngine make_stream(std::uint64_t master_seed, std::uint64_t stream_set,
                         std::uint64_t replication, StreamPurpose purpose);

//! A uniform double in [0, 1) using the top 53 bits of one 64-bit draw.
template <class Engine>
inline double uniform01(Engine& engine) {
  static_assert(sizeof(typename Engine::result_type) == 8, "uniform01 needs 64 random bits a draw");
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

//! One case's (or post's, or worker's) own stream: SplitMix64's sequence from the case's key, 8 bytes,
//! so that every case carries its own and its draws depend on nothing that
//! happens to any other case (common random numbers between scenarios: a
//! policy that changes one child's path cannot shift another's). SplitMix64
//! passes BigCrush as a single stream; keys are hashed, so two cases'
//! sequences overlap with negligible probability.
class CaseRandom {
 public:
  using result_type = std::uint64_t;
  CaseRandom() = default;
  explicit CaseRandom(std::uint64_t key) : state_(key) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return splitmix64(state_); }
  //! A key for a case split off this one (a sibling going alone): one draw.
  std::uint64_t child_key() { return (*this)(); }

 private:
  std::uint64_t state_ = 0;
};

//! The key of entity `serial` (a case, a post) of a replication for a
//! purpose: such streams are a pure function of (master seed, stream set,
//! replication, purpose, serial).
std::uint64_t entity_stream_key(std::uint64_t master_seed, std::uint64_t stream_set, std::uint64_t replication,
                                StreamPurpose purpose, std::uint64_t serial);

//! The same key in two steps, for a caller that makes many: the part that
//! is the same for every entity of one purpose in one replication, once, and
//! then each serial's key from it (two mixes instead of five: the per-family
//! key was 5% of the M/M/1 run, bench/mm1.yaml).
//! entity_stream_key(s, t, r, p, n) == entity_stream_key_from(entity_stream_prefix(s, t, r, p), n).
std::uint64_t entity_stream_prefix(std::uint64_t master_seed, std::uint64_t stream_set, std::uint64_t replication,
                                   StreamPurpose purpose);
inline std::uint64_t entity_stream_key_from(std::uint64_t prefix, std::uint64_t serial) {
  prefix ^= splitmix64(prefix) + serial;
  return splitmix64(prefix);
}

}  // namespace caseflow
