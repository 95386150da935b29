#include "caseflow/engine/large_array.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace caseflow::large_array {

namespace {

// Decided here, once, so that every caller of allocate and deallocate agrees,
// whatever flags the callers were compiled with.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMaps = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kMaps = false;
#else
constexpr bool kMaps = true;
#endif
#else
constexpr bool kMaps = true;
#endif

std::size_t rounded(std::size_t bytes) noexcept { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

#if defined(__linux__) && defined(MADV_HUGEPAGE)

void* map(std::size_t bytes) {
  const std::size_t size = rounded(bytes);
  // Map a huge page more than needed and trim both ends, so that the array
  // starts on a huge page boundary (mmap aligns only to a small page).
  void* raw = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = rounded(start);
  if (aligned > start) munmap(raw, aligned - start);
  munmap(reinterpret_cast<void*>(aligned + size), kHugePage - (aligned - start));
  // Advice only: where the kernel has no huge page to give, small pages serve.
  madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void unmap(void* p, std::size_t bytes) noexcept { munmap(p, rounded(bytes)); }

#else

void* map(std::size_t bytes) {
  void* p = std::aligned_alloc(kHugePage, rounded(bytes));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void unmap(void* p, std::size_t) noexcept { std::free(p); }

#endif

}  // namespace

bool maps_large_arrays() noexcept { return kMaps; }

void* allocate(std::size_t bytes, std::size_t alignment) {
  if (kMaps && bytes >= kMapFrom) {
    // No real array comes near; a size that wrapped in rounding would map too little, silently.
    if (bytes > std::numeric_limits<std::size_t>::max() - 2 * kHugePage) throw std::bad_alloc();
    return map(bytes);
  }
  return ::operator new(bytes, std::align_val_t{alignment});
}

void deallocate(void* p, std::size_t bytes, std::size_t alignment) noexcept {
  if (kMaps && bytes >= kMapFrom) {
    unmap(p, bytes);
  } else {
    ::operator delete(p, std::align_val_t{alignment});
  }
}

}  // namespace caseflow::large_array
