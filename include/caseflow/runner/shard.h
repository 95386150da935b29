//===----------------------------------------------------------------------===//
// shard.h: a run split into shares, computed apart and put back together
//
// A run of R replications splits into n shards of contiguous replication
// indices (shard_replications); a shard, an MPI rank or a batch-scheduler
// task computes its share, and whoever assembles the run feeds every
// replication's result, in index order, to the same summary code a single
// process uses, so the outputs are byte-identical. Results travel losslessly:
// each replication's table as raw IEEE-754 doubles (encode_results).
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <string_view>
#include <vector>

#include "caseflow/model/replication.h"

namespace caseflow {

//! Shard `index` (1-based) of `count`; count 0: not a shard (the whole run).
struct ShardId {
  std::uint64_t index = 0;
  std::uint64_t count = 0;
  bool given() const { return count > 0; }
};

//! Items [first, first + count) of a run: its replications, or a sweep's
//! (point, replication) tasks.
struct ReplicationRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

//! Shard `shard` (1-based) of `shards` of `total` items: contiguous blocks
//! whose sizes differ by at most one, in shard order.
ReplicationRange shard_replications(std::uint64_t total, std::uint64_t shard, std::uint64_t shards);

//! Values appended to bytes bit for bit, in the machine's byte order.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& bytes) : bytes_(bytes) {}
  template <typename T>
  void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));
    bytes_.append(raw, sizeof(T));
  }

 private:
  std::string& bytes_;
};

//! Reads back what ByteWriter wrote; reading past the end throws std::invalid_argument.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return at_ == bytes_.size(); }
  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (bytes_.size() - at_ < sizeof(T))
      throw std::invalid_argument("the bytes end in the middle of a value (" + std::to_string(bytes_.size()) + " bytes)");
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

//! Appends one replication's result (index, events, every value of its
//! table) to `bytes`, bit for bit.
void encode_result(const ReplicationResult& result, std::string& bytes);

//! The bytes encode_result writes for one replication of `months` x `metrics`.
std::size_t encoded_result_size(std::size_t months, std::size_t metrics);

//! The results encode_result wrote, each table `months` x `metrics`. Throws
//! std::invalid_argument saying what is wrong when the bytes are not a whole
//! number of such results.
std::vector<ReplicationResult> decode_results(std::string_view bytes, std::size_t months, std::size_t metrics);

}  // namespace caseflow
