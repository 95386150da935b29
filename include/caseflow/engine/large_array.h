//===----------------------------------------------------------------------===//
// large_array.h: arrays of records that may grow to megabytes, on huge pages
//
// A large scenario's records (cases, children, workers, the event queue, the
// workload's records) take hundreds of megabytes, and an event reads a few
// records far apart: each read is a cache miss, and with 4 KiB pages a miss
// in the address translation too (an ×80 scenario's 200 MB is 50,000 pages,
// far beyond the translation cache). On 2 MiB pages the same 200 MB is 100
// entries, which the translation cache holds.
//
// Where Linux's transparent huge pages are in `madvise` mode (Debian's
// default), a process gets them only for memory it advises; in `always` mode
// it gets them anyway, in `never` mode not at all. An array of at least
// kMapFrom bytes is mapped on its own, aligned to 2 MiB, and advised
// (MADV_HUGEPAGE) before it is touched. Smaller arrays come from the aligned
// operator new: a few megabytes of small pages fit the translation cache
// (some 2,000 entries, 8 MiB), and rounding a small array up to whole huge
// pages would cost memory (the default scenario's largest array, 5 MB at
// 2,000 months, stays on the heap). The contents, and so the results, are the
// same either way; only where the memory lies changes. Elsewhere than Linux
// the large arrays are aligned allocations. Under AddressSanitizer all of it
// is operator new, which the sanitizer checks (it does not look inside a
// mapping of our own; LeakSanitizer alone would also miss pointers held in
// one, and report false leaks: no build of this project uses it alone).
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace caseflow {

namespace large_array {
//! A huge page on x86-64 and on arm64 with 4 KiB pages (with 64 KiB pages a
//! huge page is 512 MiB, and the 2 MiB alignment then only costs the rounding).
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
//! The smallest array mapped on its own: 4 huge pages, so that the rounding
//! adds at most a quarter (measured: ×80's arrays are 60 to 170 MB).
inline constexpr std::size_t kMapFrom = 4 * kHugePage;
//! `bytes` aligned to `alignment`: mapped on huge pages from kMapFrom bytes, else
//! from operator new. Throws std::bad_alloc when the system refuses.
void* allocate(std::size_t bytes, std::size_t alignment);
//! Frees what allocate(bytes, alignment) returned: the same two values decide
//! how it was made (std::vector passes back the capacity it asked for).
void deallocate(void* p, std::size_t bytes, std::size_t alignment) noexcept;
//! Whether allocate maps arrays of kMapFrom bytes or more (false under AddressSanitizer).
bool maps_large_arrays() noexcept;
}  // namespace large_array

template <class T>
struct LargeArrayAllocator {
  using value_type = T;
  LargeArrayAllocator() noexcept = default;
  template <class U>
  LargeArrayAllocator(const LargeArrayAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(large_array::allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { large_array::deallocate(p, n * sizeof(T), alignof(T)); }
  template <class U>
  bool operator==(const LargeArrayAllocator<U>&) const noexcept {
    return true;
  }
};

//! A std::vector whose storage, from 8 MiB (kMapFrom), lies on huge pages.
template <class T>
using LargeVector = std::vector<T, LargeArrayAllocator<T>>;

}  // namespace caseflow
