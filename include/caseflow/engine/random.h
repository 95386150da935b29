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
};

//! SplitMix64 (Steele, Lea & Flood 2014): a bijective 64-bit mixer; used to
//! turn the stream key into well-spread seed words.
std::uint64_t splitmix64(std::uint64_t& state);

//! The stream for one purpose of one replication.
RandomEngine make_stream(std::uint64_t master_seed, std::uint64_t stream_set,
                         std::uint64_t replication, StreamPurpose purpose);

//! A uniform double in [0, 1) using the top 53 bits of one draw.
inline double uniform01(RandomEngine& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

}  // namespace caseflow
