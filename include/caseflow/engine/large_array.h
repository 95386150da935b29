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
// Linux gives a process huge pages for anonymous memory only where it asks
// (transparent_hugepage=madvise, Debian's default): an allocation of at least
// kMapFrom bytes is mapped on its own, aligned to a huge page, and advised
// (MADV_HUGEPAGE) before it is touched. Smaller arrays come from operator new
// as before: a few megabytes of small pages fit the translation cache (some
// 2,000 entries, 8 MiB), and rounding a small array up to whole huge pages
// would cost memory (the default scenario's largest array, 5 MB at 2,000
// months, stays on the heap). The contents, and so the results, are the same
// either way; only where the memory lies changes. Elsewhere than Linux the
// large arrays are aligned allocations; under AddressSanitizer all of it is
// operator new, which the sanitizer checks (it does not see inside a mapping of
// our own).
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace caseflow {

namespace large_array {
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kMapsLargeArrays = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kMapsLargeArrays = false;
#else
inline constexpr bool kMapsLargeArrays = true;
#endif
#else
inline constexpr bool kMapsLargeArrays = true;
#endif
//! A huge page on x86-64 and most arm64 kernels; a smaller page size only
//! wastes less of the rounding.
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
//! The smallest array mapped on its own: 4 huge pages, so that the rounding
//! adds at most a quarter (measured: ×80's arrays are 60 to 170 MB).
inline constexpr std::size_t kMapFrom = 4 * kHugePage;
//! `bytes` (at least kMapFrom) rounded up to whole huge pages, mapped and
//! advised; throws std::bad_alloc when the system refuses.
void *map(std::size_t bytes);
//! Frees what map(bytes) returned.
void unmap(void *p, std::size_t bytes) noexcept;
} // namespace large_array

template <class T> struct LargeArrayAllocator {
  using value_type = T;
  LargeArrayAllocator() noexcept = default;
  template <class U>
  LargeArrayAllocator(const LargeArrayAllocator<U> &) noexcept {}

  T *allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (n > static_cast<std::size_t>(-1) / sizeof(T))
      throw std::bad_array_new_length();
    if (large_array::kMapsLargeArrays && bytes >= large_array::kMapFrom)
      return static_cast<T *>(large_array::map(bytes));
    return static_cast<T *>(
        ::operator new (bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T *p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (large_array::kMapsLargeArrays && bytes >= large_array::kMapFrom) {
      large_array::unmap(p, bytes);
    } else {
      ::operator delete (p, std::align_val_t{alignof(T)});
    }
  }
  template <class U>
  bool operator==(const LargeArrayAllocator<U> &) const noexcept {
    return true;
  }
};

//! A std::vector whose storage, once it reaches megabytes, lies on huge pages.
template <class T> using LargeVector = std::vector<T, LargeArrayAllocator<T>>;

} // namespace caseflow
