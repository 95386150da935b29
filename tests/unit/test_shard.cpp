// Shards: how a run is split (runner/shard.h) and how results travel.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "caseflow/runner/shard.h"

namespace caseflow {
namespace {

TEST(Shard, BlocksCoverEveryReplicationOnceInOrder) {
  for (std::uint64_t total : {0u, 1u, 2u, 7u, 100u, 101u, 1009u})
    for (std::uint64_t shards : {1u, 2u, 3u, 8u, 64u}) {
      std::uint64_t next = 0, smallest = total, largest = 0;
      for (std::uint64_t i = 1; i <= shards; ++i) {
        const ReplicationRange range = shard_replications(total, i, shards);
        EXPECT_EQ(range.first, next) << total << " in " << shards << ", shard " << i;
        next += range.count;
        smallest = std::min(smallest, range.count);
        largest = std::max(largest, range.count);
      }
      EXPECT_EQ(next, total) << total << " in " << shards;
      EXPECT_LE(largest - smallest, 1u) << total << " in " << shards;
    }
}

TEST(Shard, SevenInThreeIsTwoTwoThree) {
  EXPECT_EQ(shard_replications(7, 1, 3).count, 2u);
  EXPECT_EQ(shard_replications(7, 2, 3).first, 2u);
  EXPECT_EQ(shard_replications(7, 2, 3).count, 2u);
  EXPECT_EQ(shard_replications(7, 3, 3).first, 4u);
  EXPECT_EQ(shard_replications(7, 3, 3).count, 3u);
}

TEST(Shard, NoSuchShardIsRefused) {
  EXPECT_THROW(shard_replications(10, 0, 3), std::invalid_argument);
  EXPECT_THROW(shard_replications(10, 4, 3), std::invalid_argument);
  EXPECT_THROW(shard_replications(10, 1, 0), std::invalid_argument);
}

TEST(Shard, ResultsTravelBitForBit) {
  ReplicationResult a{41, MonthlyTable(3, 2), 123456789, {}};
  const double values[] = {0.1, -0.0, std::numeric_limits<double>::quiet_NaN(), 1e308, 5e-324, -2.5};
  for (std::size_t i = 0; i < 6; ++i) a.table.at(i / 2, i % 2) = values[i];
  ReplicationResult b = a;
  b.replication = 42;
  b.table.at(2, 1) = 3.0;
  std::string bytes;
  encode_result(a, bytes);
  encode_result(b, bytes);
  const std::vector<ReplicationResult> back = decode_results(bytes, 3, 2);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].replication, 41u);
  EXPECT_EQ(back[0].events, 123456789u);
  EXPECT_EQ(back[1].replication, 42u);
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back[0].table.at(i / 2, i % 2)), std::bit_cast<std::uint64_t>(values[i])) << i;
  EXPECT_EQ(back[1].table.at(2, 1), 3.0);
}

TEST(Shard, TruncatedOrForeignBytesAreRefused) {
  ReplicationResult a{0, MonthlyTable(3, 2), 1, {}};
  std::string bytes;
  encode_result(a, bytes);
  EXPECT_THROW(decode_results(std::string_view(bytes).substr(0, bytes.size() - 1), 3, 2), std::invalid_argument);
  EXPECT_THROW(decode_results(bytes, 3, 3), std::invalid_argument);  // another run's shape
  EXPECT_TRUE(decode_results("", 3, 2).empty());
}

TEST(Shard, ByteReaderStopsAtTheEnd) {
  std::string bytes;
  ByteWriter(bytes).put<std::uint32_t>(7);
  ByteReader reader(bytes);
  EXPECT_EQ(reader.get<std::uint32_t>(), 7u);
  EXPECT_TRUE(reader.done());
  EXPECT_THROW(reader.get<std::uint8_t>(), std::invalid_argument);
}

}  // namespace
}  // namespace caseflow
