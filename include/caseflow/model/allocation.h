//===----------------------------------------------------------------------===//
// allocation.h: which social worker holds each case, and who waits for one
//
// Each state needing a social worker is held by a team (in the case's
// locality, or the authority's). A case entering such a state keeps its
// worker where continuity allows, else goes to the team's least-loaded
// deployable worker with room, else waits in the team's unallocated queue
// (or goes over the cap, as the scenario says). Queues are served, highest
// priority and longest waiting first, whenever a worker gains room. The
// caseload fields of each Worker (workforce.h) are written here only.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "caseflow/model/cases.h"
#include "caseflow/model/least_loaded_index.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/workforce.h"

namespace caseflow::model {

class PathwayFlow;
struct StaffingColumns;

struct QueueEntry {
  std::uint32_t case_id;
  std::uint32_t token;  // the case's queue_token when queued: stale entries are skipped
};

//! One team's unallocated queue.
struct TeamQueue {
  std::array<std::deque<QueueEntry>, 5> by_rank;  // by queue rank: one per open category
  double children = 0.0;
  std::array<double, kCategoryCount> by_category{};
};

class Allocation {
 public:
  Allocation(ReplicationContext& context, const StaffingColumns& columns, CaseBook& cases, Workforce& workforce,
             PathwayFlow& flow);

  //! Gets a case in state s a worker from the state's team: keeps its worker
  //! when continuity allows, else allocates or queues. False when the case
  //! waits unallocated.
  bool staff_case(std::uint32_t case_id, std::uint32_t s);
  //! Whether a queued case's work (and clock) waits for its worker.
  bool work_waits_for_worker() const { return wf_->clock_waits_for_allocation; }
  //! Takes a case off its worker's list and out of any queue.
  void release(std::uint32_t case_id);
  //! A case leaves the pathway: released, and its children's changes of
  //! worker counted. Returns the excess over the cap of the worker who held
  //! it (0 if none), counted in closing_worker_excess when the exit may lead
  //! to a re-referral.
  double case_closed(std::uint32_t case_id, bool may_be_re_referred);
  //! A contact of `children` closed at once, never given a case: counted as
  //! case_closed counts a case that had no worker.
  void closed_without_case(std::uint32_t children, bool may_be_re_referred);
  //! After children leave a group (adulthood), its worker's load or its
  //! place in the queue follows the smaller group.
  void restaff_resized(std::uint32_t id, std::int32_t worker, std::int32_t queued_team);
  //! Multiplier on durations from practice drift: work takes longer when the
  //! worker is over their cap.
  double drift_factor(std::uint32_t case_id, Category category) const {
    if (wf_->drift_elasticity <= 0 || cases_[case_id].worker < 0 || !wf_->drift_categories[static_cast<std::size_t>(category)]) return 1.0;
    const Worker& w = workforce_.worker(static_cast<std::uint32_t>(cases_[case_id].worker));
    return (1.0 + wf_->drift_elasticity * w.excess()) / (1.0 + wf_->drift_elasticity * wf_->drift_observed_excess);
  }
  //! The locality of a new case, by the scenario's shares (no draw with one
  //! locality). Inline: it runs for every contact.
  std::uint32_t draw_locality(RandomEngine& rng) const {
    if (wf_->localities.size() <= 1) return 0;
    double u = uniform01(rng);
    for (std::uint32_t l = 0; l + 1 < wf_->localities.size(); ++l) {
      if (u < wf_->locality_shares[l]) return l;
      u -= wf_->locality_shares[l];
    }
    return static_cast<std::uint32_t>(wf_->localities.size() - 1);
  }

  // ---- for the workforce ------------------------------------------------------
  //! A worker's caseload, cap or availability changed (allocation's own
  //! changes call it too): keeps a large team's index current.
  void worker_changed(std::uint32_t worker_id) {
    // Inline and cheap when there is nothing to keep current (small teams).
    const Worker& w = workforce_.worker(worker_id);
    if (w.post >= 0 && w.active && indexes_[w.team].fresh) update_index(worker_id, w);
  }
  //! A team's managers or regrouping changed: its index is rebuilt when next used.
  void team_changed(std::uint32_t team_id) { indexes_[team_id].fresh = false; }
  //! Worker `worker_id` joined the end of the team's list: a place of their
  //! own in its index (a rebuild only when the index is full).
  void worker_joined(std::uint32_t team_id, std::uint32_t worker_id);
  //! Worker `worker_id` left the team's list: their place in its index is
  //! emptied, the others keep theirs (the order of joining is unchanged).
  void worker_left(std::uint32_t team_id, std::uint32_t worker_id);
  //! A policy takes effect: the allocation rules read `next` from now (the
  //! rules themselves are fixed for a run; caps come with the workers). The
  //! indexes are rebuilt, as the span rule may have changed.
  void adopt(const WorkforceConfig& next) {
    wf_ = &next;
    for (auto& index : indexes_) index.fresh = false;
  }
  //! A worker left or went on long-term sick leave: their cases go to others or wait.
  void reallocate_cases_of(std::uint32_t worker_id);
  //! Serves a team's queue while a worker has room.
  void fill_queue(std::uint32_t team_id);
  //! Serves the queues of teams whose workers gained room during the event.
  void serve_pending_queues() {
    while (!pending_fill_.empty()) {
      const std::uint32_t team = pending_fill_.back();
      pending_fill_.pop_back();
      fill_queue(team);
    }
  }

  // ---- month ends ---------------------------------------------------------------
  const TeamQueue& unallocated(std::uint32_t team) const { return queues_[team]; }
  void check_invariants(const std::function<void(const std::string&)>& fail) const;

 private:
  //! closing_worker_excess: a closure of k children by a worker this far over their cap.
  void count_closure(double excess, double k, bool may_be_re_referred);
  std::int32_t choose_worker(std::uint32_t team_id, double k) const;
  std::int32_t scan_team(std::uint32_t team_id, double k, std::uint32_t group, std::uint32_t groups) const;
  void assign(std::uint32_t case_id, std::uint32_t worker_id);
  bool allocate(std::uint32_t case_id, std::uint32_t team_id);
  std::uint32_t team_of(const Case& c) const {
    return workforce_.team_instance(static_cast<std::uint32_t>(wf_->team_of_state[c.state]), c.locality);
  }
  void leave_queue(Case& c);
  LeastLoadedIndex::Leaf leaf_of(const Team& team, std::size_t rank, const Worker& w) const;
  void rebuild_index(std::uint32_t team_id) const;
  void update_index(std::uint32_t worker_id, const Worker& w);
  std::int32_t choose_by_index(std::uint32_t team_id, std::uint32_t k) const;

  //! Teams this large choose by index (least_loaded_index.h); smaller ones by
  //! a scan, which is faster there.
  static constexpr std::size_t kIndexFrom = 64;
  //! The index's ranks are places in joining order: a leaver's place stays
  //! empty until the next rebuild, so the others' order (the ties) holds.
  //! Where a worker's place decides whether they are deployable (beyond the
  //! managers' span), a leaver means a rebuild instead: places are positions.
  struct TeamIndex {
    LeastLoadedIndex index;
    std::vector<std::uint32_t> worker_at;  // per place: the worker, or kNone if they left
    bool fresh = false;                    // built, and kept current since
  };
  //! Whether a worker's position in the team's list can decide whether they are deployable.
  bool position_matters() const { return wf_->span_excess == SpanExcess::undeployable; }

  ReplicationContext& ctx_;
  const WorkforceConfig* wf_;  // the values in force (policies may change some)
  const StaffingColumns& c_;
  CaseBook& cases_;
  Workforce& workforce_;
  PathwayFlow& flow_;
  std::vector<TeamQueue> queues_;           // per team
  std::vector<std::uint32_t> pending_fill_;  // teams whose workers gained room
  // Manager groups (allocation.intake): the group whose turn it is next, per
  // team, and the group of a leaver whose cases are being reallocated.
  mutable std::vector<std::uint32_t> intake_turn_;
  std::int32_t reallocating_group_ = -1;
  // A cache of the teams' state, built when a choice first needs it.
  mutable std::vector<TeamIndex> indexes_;      // per team
  mutable std::vector<std::uint32_t> rank_of_;  // per worker: their place in their team's index
};

}  // namespace caseflow::model
