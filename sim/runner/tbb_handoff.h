//===----------------------------------------------------------------------===//
// tbb_handoff.h: ThreadSanitizer annotations for the hand-offs of a oneTBB
// pipeline (runner layer, private)
//
// The scheme runner.cpp explains in full, shared by its pipeline and the
// sweep's: Debian's
// libtbb is not built with TSan, so the ordering its scheduler gives between
// pipeline stages is invisible, and the pipeline states each hand-off itself
// with __tsan_release (END) and __tsan_acquire (BEGIN) on the object handed
// over. Outside TSan builds these compile to nothing.
//===----------------------------------------------------------------------===//
#pragma once

#include <tbb/task_arena.h>

#if defined(__SANITIZE_THREAD__)
#include <tbb/task_scheduler_observer.h>
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#define CASEFLOW_HANDOFF_BEGIN(address) __tsan_acquire(const_cast<void*>(static_cast<const void*>(address)))
#define CASEFLOW_HANDOFF_END(address) __tsan_release(const_cast<void*>(static_cast<const void*>(address)))
#else
#define CASEFLOW_HANDOFF_BEGIN(address) ((void)(address))
#define CASEFLOW_HANDOFF_END(address) ((void)(address))
#endif

namespace caseflow::detail {

#if defined(__SANITIZE_THREAD__)
//! A thread joining the arena acquires what the pipeline's first stage
//! released on this object's address.
class ArenaEntryHandoff : public tbb::task_scheduler_observer {
 public:
  explicit ArenaEntryHandoff(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) { observe(true); }
  ~ArenaEntryHandoff() override { observe(false); }
  void on_scheduler_entry(bool) override { CASEFLOW_HANDOFF_BEGIN(this); }
};
#else
struct ArenaEntryHandoff {
  explicit ArenaEntryHandoff(tbb::task_arena&) {}
};
#endif

}  // namespace caseflow::detail
