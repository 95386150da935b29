#include "caseflow/engine/random.h"

#include <array>

namespace caseflow {

std::uint64_t entity_stream_prefix(std::uint64_t master_seed, std::uint64_t stream_set, std::uint64_t replication,
                                   StreamPurpose purpose) {
  std::uint64_t state = master_seed;
  for (const std::uint64_t part : {stream_set, replication, static_cast<std::uint64_t>(purpose)})
    state ^= splitmix64(state) + part;
  return state;
}

std::uint64_t entity_stream_key(std::uint64_t master_seed, std::uint64_t stream_set, std::uint64_t replication,
                                StreamPurpose purpose, std::uint64_t serial) {
  return entity_stream_key_from(entity_stream_prefix(master_seed, stream_set, replication, purpose), serial);
}

RandomEngine make_stream(std::uint64_t master_seed, std::uint64_t stream_set, std::uint64_t replication,
                         StreamPurpose purpose) {
  // Chain the key components through SplitMix64 so that nearby keys (replication
  // 7 and 8) give unrelated states, then fill the whole Mersenne Twister state
  // from the same generator rather than from one 64-bit word.
  std::uint64_t state = master_seed;
  for (const std::uint64_t part : {stream_set, replication, static_cast<std::uint64_t>(purpose)}) {
    state ^= splitmix64(state) + part;
  }
  std::array<std::uint32_t, 2 * RandomEngine::state_size> words;
  for (std::size_t i = 0; i < words.size(); i += 2) {
    const std::uint64_t w = splitmix64(state);
    words[i] = static_cast<std::uint32_t>(w);
    words[i + 1] = static_cast<std::uint32_t>(w >> 32);
  }
  auto first = words.begin();
  RandomEngine engine;
  engine.seed(first, words.end());
  return engine;
}

}  // namespace caseflow
