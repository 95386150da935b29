#include "caseflow/runner/shard.h"

#include <bit>

namespace caseflow {

// Raw bytes in the machine's order: shards are merged on the machines (or the
// cluster) that computed them. A big-endian machine would need byte swaps.
static_assert(std::endian::native == std::endian::little, "encode_result writes little-endian bytes");

ReplicationRange shard_replications(std::uint64_t total, std::uint64_t shard, std::uint64_t shards) {
  if (shards == 0 || shard == 0 || shard > shards)
    throw std::invalid_argument("shard " + std::to_string(shard) + "/" + std::to_string(shards) + " does not exist");
  // Boundaries at floor(total * k / shards), without overflowing 64 bits.
  const auto boundary = [&](std::uint64_t k) {
    return total / shards * k + total % shards * k / shards;
  };
  const std::uint64_t first = boundary(shard - 1);
  return {first, boundary(shard) - first};
}

void encode_result(const ReplicationResult& result, std::string& bytes) {
  ByteWriter out(bytes);
  out.put<std::uint64_t>(result.replication);
  out.put<std::uint64_t>(result.events);
  for (std::size_t m = 0; m < result.table.months(); ++m)
    for (std::size_t k = 0; k < result.table.metrics(); ++k) out.put<double>(result.table.at(m, k));
}

std::size_t encoded_result_size(std::size_t months, std::size_t metrics) {
  return 2 * sizeof(std::uint64_t) + months * metrics * sizeof(double);
}

std::vector<ReplicationResult> decode_results(std::string_view bytes, std::size_t months, std::size_t metrics) {
  const std::size_t record = encoded_result_size(months, metrics);
  if (bytes.size() % record != 0)
    throw std::invalid_argument(std::to_string(bytes.size()) + " bytes are not a whole number of replications of " +
                                std::to_string(months) + " months x " + std::to_string(metrics) + " metrics (" +
                                std::to_string(record) + " bytes each): the file is truncated or of another run");
  std::vector<ReplicationResult> results(bytes.size() / record);
  ByteReader in(bytes);
  for (ReplicationResult& result : results) {
    result.replication = in.get<std::uint64_t>();
    result.events = in.get<std::uint64_t>();
    result.table = MonthlyTable(months, metrics);
    for (std::size_t m = 0; m < months; ++m)
      for (std::size_t k = 0; k < metrics; ++k) result.table.at(m, k) = in.get<double>();
  }
  return results;
}

}  // namespace caseflow
