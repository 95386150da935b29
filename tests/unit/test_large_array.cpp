#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "caseflow/engine/large_array.h"

namespace caseflow {
namespace {

// Past the size mapped on its own by one huge page and a bit.
constexpr std::size_t kLarge = (large_array::kMapFrom + large_array::kHugePage) / sizeof(std::uint64_t) + 7;

//! The flags of the mapping holding `p` ("VmFlags:" in /proc/self/smaps), or "" if not found.
std::string mapping_flags(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    // A mapping's first line is "from-to perms offset dev inode [path]": the
    // first space comes before the device's colon; in "Key: value" lines after.
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
      inside = from <= address && address < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(LargeVector, KeepsItsContentsAsItGrowsPastTheMappedSize) {
  LargeVector<std::uint64_t> values;
  for (std::uint64_t i = 0; i < kLarge; ++i) values.push_back(i * 2654435761u);
  for (std::uint64_t i = 0; i < kLarge; ++i) ASSERT_EQ(values[i], i * 2654435761u) << i;
  LargeVector<std::uint64_t> copy = values;
  values.clear();
  values.shrink_to_fit();
  EXPECT_EQ(copy.size(), kLarge);
  EXPECT_EQ(copy.back(), (kLarge - 1) * 2654435761u);
}

TEST(LargeVector, KeepsTheAlignmentOfItsRecordsSmallAndLarge) {
  struct alignas(64) Line {
    double value[8];
  };
  LargeVector<Line> small(100);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small.data()) % 64, 0u);
  small[99].value[7] = 1.5;
  EXPECT_EQ(small[99].value[7], 1.5);
  LargeVector<Line> large(large_array::kMapFrom / sizeof(Line) + 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data()) % 64, 0u);
  large.back().value[7] = 2.5;
  EXPECT_EQ(large.back().value[7], 2.5);
}

TEST(LargeVector, ALargeArrayStartsOnAHugePageAdvisedForHugePages) {
  if (!large_array::maps_large_arrays()) GTEST_SKIP() << "the sanitizer's own allocations serve";
  LargeVector<std::uint64_t> values(kLarge, 7);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(values.data()) % large_array::kHugePage, 0u);
#if defined(__linux__)
  // A kernel built without transparent huge pages refuses the advice.
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  const std::string flags = mapping_flags(values.data());
  ASSERT_FALSE(flags.empty()) << "no mapping holds the array in /proc/self/smaps";
  // "hg": advised MADV_HUGEPAGE (proc(5)).
  EXPECT_NE((flags + " ").find(" hg "), std::string::npos) << flags;
#endif
}

}  // namespace
}  // namespace caseflow
