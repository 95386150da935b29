#include "caseflow/engine/large_array.h"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace caseflow::large_array {

namespace {
std::size_t rounded(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
} // namespace

#if defined(__linux__) && defined(MADV_HUGEPAGE)

void *map(std::size_t bytes) {
  const std::size_t size = rounded(bytes);
  // Map a huge page more than needed and trim both ends, so that the array
  // starts on a huge page boundary (mmap aligns only to a small page).
  void *raw = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned =
      (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start)
    munmap(raw, aligned - start);
  const std::size_t tail = kHugePage - (aligned - start);
  if (tail > 0)
    munmap(reinterpret_cast<void *>(aligned + size), tail);
  // Advice only: where the kernel has no huge page to give, small pages serve.
  madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void *>(aligned);
}

void unmap(void *p, std::size_t bytes) noexcept { munmap(p, rounded(bytes)); }

#else

void *map(std::size_t bytes) {
  void *p = std::aligned_alloc(kHugePage, rounded(bytes));
  if (p == nullptr)
    throw std::bad_alloc();
  return p;
}

void unmap(void *p, std::size_t) noexcept { std::free(p); }

#endif

} // namespace caseflow::large_array
