#include "caseflow/model/allocation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/container/small_vector.hpp>

#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/staffing_report.h"

namespace caseflow::model {

Allocation::Allocation(ReplicationContext& context, const StaffingColumns& columns, CaseBook& cases, Workforce& workforce,
                       PathwayFlow& flow)
    : ctx_(context),
      wf_(context.scenario.workforce.get()),
      c_(columns),
      cases_(cases),
      workforce_(workforce),
      flow_(flow),
      queues_(workforce.team_count()),
      intake_turn_(workforce.team_count(), 0),
      indexes_(workforce.team_count()) {}

LeastLoadedIndex::Leaf Allocation::leaf_of(const Team& team, std::size_t rank, const Worker& w) const {
  LeastLoadedIndex::Leaf leaf;
  if (!workforce_.deployable(team, rank, w)) return leaf;
  leaf.key = wf_->balance == Balance::share_of_cap ? w.weighted / w.cap : w.weighted;
  // The scan's own test, k by k (room for k implies room for fewer).
  while (leaf.room < LeastLoadedIndex::kMaxChildren && !(w.load + (leaf.room + 1) > w.cap + 1e-9)) ++leaf.room;
  return leaf;
}

void Allocation::rebuild_index(std::uint32_t team_id) const {
  const Team& team = workforce_.team(team_id);
  TeamIndex& ti = indexes_[team_id];
  std::vector<LeastLoadedIndex::Leaf> leaves;
  leaves.reserve(team.workers.size());
  if (rank_of_.size() < workforce_.workers().size()) rank_of_.resize(workforce_.workers().size());
  for (std::size_t rank = 0; rank < team.workers.size(); ++rank) {
    const std::uint32_t id = team.workers[rank];
    rank_of_[id] = static_cast<std::uint32_t>(rank);
    leaves.push_back(leaf_of(team, rank, workforce_.worker(id)));
  }
  // Room for joiners (a quarter more): a rebuild is O(team), a joiner O(log team).
  ti.index.rebuild(leaves, team.workers.size() + team.workers.size() / 4 + 8);
  ti.worker_at = team.workers;
  ti.fresh = true;
}

// A worker in a team (not the bank, not gone) whose team's index is current.
void Allocation::update_index(std::uint32_t worker_id, const Worker& w) {
  TeamIndex& ti = indexes_[w.team];
  const std::uint32_t rank = worker_id < rank_of_.size() ? rank_of_[worker_id] : LeastLoadedIndex::kNone;
  if (rank >= ti.worker_at.size() || ti.worker_at[rank] != worker_id) {
    ti.fresh = false;  // the list changed without word: rebuild when next used
    return;
  }
  // Places are positions in the list wherever position_matters() (no empty places there).
  ti.index.update(rank, leaf_of(workforce_.team(w.team), rank, w));
}

void Allocation::worker_joined(std::uint32_t team_id, std::uint32_t worker_id) {
  TeamIndex& ti = indexes_[team_id];
  if (!ti.fresh) return;
  const std::size_t place = ti.worker_at.size();
  if (place >= ti.index.capacity()) {
    ti.fresh = false;
    return;
  }
  if (rank_of_.size() <= worker_id) rank_of_.resize(workforce_.workers().size());
  rank_of_[worker_id] = static_cast<std::uint32_t>(place);
  ti.worker_at.push_back(worker_id);
  update_index(worker_id, workforce_.worker(worker_id));
}

void Allocation::worker_left(std::uint32_t team_id, std::uint32_t worker_id) {
  TeamIndex& ti = indexes_[team_id];
  if (!ti.fresh) return;
  const std::uint32_t rank = worker_id < rank_of_.size() ? rank_of_[worker_id] : LeastLoadedIndex::kNone;
  // Where position decides deployability, the workers after the leaver move up a place.
  if (position_matters() || rank >= ti.worker_at.size() || ti.worker_at[rank] != worker_id) {
    ti.fresh = false;
    return;
  }
  ti.worker_at[rank] = LeastLoadedIndex::kNone;
  ti.index.update(rank, LeastLoadedIndex::Leaf{});
}

// The worker with the least weighted caseload (as a share of their cap, or
// as it is, as the scenario balances) who has room for k more children; when
// nobody has room and the scenario lets work go over cap, the least loaded
// deployable worker; -1 if none. One pass finds both: teams over their caps
// (the default scenario) used to be scanned twice.
std::int32_t Allocation::choose_by_index(std::uint32_t team_id, std::uint32_t k) const {
  TeamIndex& ti = indexes_[team_id];
  if (!ti.fresh) rebuild_index(team_id);
  const std::uint32_t* members = ti.worker_at.data();
  const std::uint32_t with_room = ti.index.best(k);
  if (with_room != LeastLoadedIndex::kNone) return static_cast<std::int32_t>(members[with_room]);
  if (wf_->when_full != WhenFull::over_cap) return -1;
  const std::uint32_t any = ti.index.best(0);
  return any != LeastLoadedIndex::kNone ? static_cast<std::int32_t>(members[any]) : -1;
}

std::int32_t Allocation::choose_worker(std::uint32_t team_id, double k) const {
  if (wf_->intake == Intake::manager_groups) {
    // The group whose turn it is (or the leaver's own), and if nobody there
    // can take the case, the team manager asks the rest of the team.
    const std::uint32_t groups = workforce_.team(team_id).groups();
    const bool in_turn = reallocating_group_ < 0;
    const std::uint32_t group = (in_turn ? intake_turn_[team_id] : static_cast<std::uint32_t>(reallocating_group_)) % groups;
    std::int32_t chosen = scan_team(team_id, k, group, groups);
    if (chosen < 0) chosen = scan_team(team_id, k, 0, 0);
    if (chosen >= 0 && in_turn) ++intake_turn_[team_id];
    return chosen;
  }
  const std::size_t size = workforce_.team(team_id).workers.size();
  if (size >= kIndexFrom && k >= 1 && k <= LeastLoadedIndex::kMaxChildren && k == std::floor(k))
    return choose_by_index(team_id, static_cast<std::uint32_t>(k));
  return scan_team(team_id, k, 0, 0);
}

// The scan choose_by_index stands in for, over the workers of one group
// (`group` of `groups`) or, with groups 0, the whole team.
std::int32_t Allocation::scan_team(std::uint32_t team_id, double k, std::uint32_t group, std::uint32_t groups) const {
  // The loop-invariant reads are made once, outside the loop: through the
  // module references the compiler reloaded them for every worker (the
  // default scenario was x0.94 against the one-class code before this).
  const Team& team = workforce_.team(team_id);
  const Worker* workers = workforce_.workers().data();
  const std::uint32_t* members = team.workers.data();
  const std::size_t size = team.workers.size();
  const bool share_of_cap = wf_->balance == Balance::share_of_cap;
  std::int32_t best_with_room = -1, best_any = -1;
  double with_room_load = kNever, any_load = kNever;
  for (std::size_t rank = 0; rank < size; ++rank) {
    const std::uint32_t id = members[rank];
    const Worker& w = workers[id];
    if (!workforce_.deployable(team, rank, w)) continue;
    if (groups > 0 && w.group % groups != group) continue;
    const double load = share_of_cap ? w.weighted / w.cap : w.weighted;
    if (load < any_load) {
      any_load = load;
      best_any = static_cast<std::int32_t>(id);
    }
    if (!(w.load + k > w.cap + 1e-9) && load < with_room_load) {
      with_room_load = load;
      best_with_room = static_cast<std::int32_t>(id);
    }
  }
  if (best_with_room >= 0) return best_with_room;
  return wf_->when_full == WhenFull::over_cap ? best_any : -1;
}

void Allocation::assign(std::uint32_t case_id, std::uint32_t worker_id) {
  Case& c = cases_[case_id];
  Worker& w = workforce_.worker(worker_id);
  const auto k = static_cast<double>(c.children.size());
  c.worker = static_cast<std::int32_t>(worker_id);
  c.worker_slot = static_cast<std::uint32_t>(w.cases.size());
  c.weight = wf_->weight_by_state[c.state];
  w.cases.push_back(case_id);
  w.load += k;
  w.weighted += k * c.weight;
  worker_changed(worker_id);
  double changed = 0.0;
  for (auto child : c.children) {
    Child& ch = cases_.child(child);
    if (ch.last_worker >= 0 && ch.last_worker != static_cast<std::int32_t>(worker_id)) {
      ++ch.worker_changes;
      changed += 1.0;
    }
    ch.last_worker = static_cast<std::int32_t>(worker_id);
  }
  if (changed == 0.0) return;
  ctx_.count(c_.worker_changes, changed);
  // A change during a stay in care (its move already drawn), not the
  // handover that comes with entering a state.
  if (ctx_.queue.is_pending(c.move_event) && ctx_.scenario.pathway.states[c.state].category == Category::lac) {
    ctx_.count(c_.worker_changes_in_care, changed);
    flow_.worker_changed_in_care(case_id);
  }
}

void Allocation::leave_queue(Case& c) {
  TeamQueue& queue = queues_[static_cast<std::uint32_t>(c.queued_team)];
  const auto k = static_cast<double>(c.children.size());
  queue.children -= k;
  queue.by_category[static_cast<int>(ctx_.scenario.pathway.states[c.state].category)] -= k;
  c.queued_team = -1;
  ++c.queue_token;
}

void Allocation::release(std::uint32_t case_id) {
  Case& c = cases_[case_id];
  if (c.queued_team >= 0) leave_queue(c);
  if (c.worker < 0) return;
  const auto worker_id = static_cast<std::uint32_t>(c.worker);
  Worker& w = workforce_.worker(worker_id);
  // The case's place in the list, where it was put unless another case's
  // release moved it since: the case moved into a freed place keeps its old
  // hint (writing the new one would be a cache miss on its record at a large
  // authority's size), and is found by a search of the list when it leaves.
  std::size_t slot = c.worker_slot;
  if (slot >= w.cases.size() || w.cases[slot] != case_id)
    slot = static_cast<std::size_t>(std::find(w.cases.begin(), w.cases.end(), case_id) - w.cases.begin());
  w.cases[slot] = w.cases.back();
  w.cases.pop_back();
  if (w.cases.size() == kCasesBackInline) move_into_record(w.cases);  // if it went to the heap
  const auto k = static_cast<double>(c.children.size());
  w.load -= k;
  w.weighted -= k * c.weight;
  c.worker = -1;
  worker_changed(worker_id);
  if (w.active) pending_fill_.push_back(w.team);
}

void Allocation::count_closure(double excess, double k, bool may_be_re_referred) {
  if (may_be_re_referred) ctx_.add_to_ratio(c_.closing_worker_excess, excess * k, k);
}

void Allocation::closed_without_case(std::uint32_t children, bool may_be_re_referred) {
  count_closure(0.0, static_cast<double>(children), may_be_re_referred);
  for (std::uint32_t i = 0; i < children; ++i) ctx_.add_to_ratio(c_.worker_changes_per_child, 0.0, 1);
}

double Allocation::case_closed(std::uint32_t case_id, bool may_be_re_referred) {
  const Case& c = cases_[case_id];
  const double excess = c.worker >= 0 ? workforce_.worker(static_cast<std::uint32_t>(c.worker)).excess() : 0.0;
  count_closure(excess, static_cast<double>(c.children.size()), may_be_re_referred);
  release(case_id);
  for (auto child : cases_[case_id].children) ctx_.add_to_ratio(c_.worker_changes_per_child, cases_.child(child).worker_changes, 1);
  return excess;
}

//! Allocates a case needing team `team_id` now, or queues it. True when allocated.
bool Allocation::allocate(std::uint32_t case_id, std::uint32_t team_id) {
  const auto k = static_cast<double>(cases_[case_id].children.size());
  const std::int32_t worker = choose_worker(team_id, k);
  if (worker >= 0) {
    assign(case_id, static_cast<std::uint32_t>(worker));
    ctx_.ratio_denominator[c_.unallocated_wait_days_mean] += k;  // waited 0 days
    return true;
  }
  Case& c = cases_[case_id];
  TeamQueue& queue = queues_[team_id];
  const Category category = ctx_.scenario.pathway.states[c.state].category;
  c.queued_team = static_cast<std::int32_t>(team_id);
  c.queued_since = ctx_.now;
  queue.by_rank[static_cast<std::size_t>(wf_->queue_rank[static_cast<int>(category)])].push_back({case_id, c.queue_token});
  queue.children += k;
  queue.by_category[static_cast<int>(category)] += k;
  return false;
}

void Allocation::fill_queue(std::uint32_t team_id) {
  // Usually one case or none: kept off the heap (a malloc and a free per
  // departure were 4% of the M/M/1 run, bench/mm1.yaml).
  boost::container::small_vector<std::uint32_t, 8> started;
  for (;;) {
    TeamQueue& team = queues_[team_id];
    if (team.children <= 0) break;
    std::deque<QueueEntry>* queue = nullptr;
    for (auto& q : team.by_rank) {
      while (!q.empty() && (cases_[q.front().case_id].queue_token != q.front().token ||
                            cases_[q.front().case_id].queued_team != static_cast<std::int32_t>(team_id)))
        q.pop_front();
      if (!q.empty()) {
        queue = &q;
        break;
      }
    }
    if (!queue) break;
    const std::uint32_t case_id = queue->front().case_id;
    const auto k = static_cast<double>(cases_[case_id].children.size());
    const std::int32_t worker = choose_worker(team_id, k);
    if (worker < 0) break;
    queue->pop_front();
    Case& c = cases_[case_id];
    leave_queue(c);
    ctx_.add_to_ratio(c_.unallocated_wait_days_mean, k * (ctx_.now - c.queued_since), k);
    assign(case_id, static_cast<std::uint32_t>(worker));
    if (!ctx_.queue.is_pending(c.move_event)) started.push_back(case_id);
  }
  // Work that was waiting for a worker starts now (outside the loop: starting
  // it may move cases and serve queues again).
  for (auto case_id : started)
    if (cases_[case_id].worker >= 0 && !ctx_.queue.is_pending(cases_[case_id].move_event)) flow_.start_work(case_id);
}

bool Allocation::staff_case(std::uint32_t case_id, std::uint32_t s) {
  Case& c = cases_[case_id];
  const int spec = wf_->team_of_state[s];
  if (spec < 0) {
    release(case_id);
    return true;
  }
  const std::uint32_t team = workforce_.team_instance(static_cast<std::uint32_t>(spec), c.locality);
  if (c.worker >= 0 && wf_->continuity) {
    Worker& w = workforce_.worker(static_cast<std::uint32_t>(c.worker));
    if (w.team == team && w.active) {
      const auto k = static_cast<double>(c.children.size());
      w.weighted += k * (wf_->weight_by_state[s] - c.weight);
      c.weight = wf_->weight_by_state[s];
      worker_changed(static_cast<std::uint32_t>(c.worker));
      ctx_.ratio_denominator[c_.unallocated_wait_days_mean] += k;
      return true;
    }
  }
  release(case_id);
  return allocate(case_id, team);
}

void Allocation::reallocate_cases_of(std::uint32_t worker_id) {
  WorkerCaseList cases;
  Worker& w = workforce_.worker(worker_id);
  cases.swap(w.cases);
  w.load = w.weighted = 0;
  worker_changed(worker_id);
  // With manager groups the leaver's cases stay in their group where it can take them.
  reallocating_group_ = static_cast<std::int32_t>(w.group);
  for (auto case_id : cases) {
    cases_[case_id].worker = -1;
    allocate(case_id, team_of(cases_[case_id]));
  }
  reallocating_group_ = -1;
}

void Allocation::restaff_resized(std::uint32_t id, std::int32_t worker, std::int32_t queued_team) {
  if (worker >= 0) {
    assign(id, static_cast<std::uint32_t>(worker));
  } else if (queued_team >= 0) {
    if (allocate(id, static_cast<std::uint32_t>(queued_team)) && !ctx_.queue.is_pending(cases_[id].move_event)) flow_.start_work(id);
  }
}

void Allocation::check_invariants(const std::function<void(const std::string&)>& fail) const {
  const auto& workers = workforce_.workers();
  const auto& states = ctx_.scenario.pathway.states;
  std::vector<double> load(workers.size(), 0.0);
  std::vector<double> queued(queues_.size(), 0.0);
  const auto& cases = cases_.all();
  for (std::size_t id = 0; id < cases.size(); ++id) {
    const Case& c = cases[id];
    if (c.state == kOutside) {
      if (c.worker >= 0 || c.queued_team >= 0) fail("a closed case still has a worker or a queue place");
      continue;
    }
    const int spec = wf_->team_of_state[c.state];
    if (spec < 0) continue;
    const std::uint32_t team = team_of(c);
    const auto k = static_cast<double>(c.children.size());
    if (c.worker >= 0) {
      const Worker& w = workers[static_cast<std::uint32_t>(c.worker)];
      if (!w.active) fail("a child is allocated to a worker who has left");
      if (w.team != team) fail("a child in " + states[c.state].name + " is allocated to a worker of another team");
      if (std::count(w.cases.begin(), w.cases.end(), id) != 1) fail("a worker's case list disagrees with the case");
      load[static_cast<std::uint32_t>(c.worker)] += k;
    } else if (c.queued_team == static_cast<std::int32_t>(team)) {
      queued[team] += k;
    } else {
      fail("a child in " + states[c.state].name + " has neither a worker nor a place in its team's queue");
    }
  }
  for (std::size_t w = 0; w < workers.size(); ++w) {
    if (std::fabs(load[w] - workers[w].load) > 1e-9) fail("worker " + std::to_string(w) + "'s caseload disagrees with their cases");
    if (workers[w].load < -1e-9) fail("negative caseload");
    if (wf_->when_full == WhenFull::queue && workers[w].load > workers[w].cap + 1e-9)
      fail("worker " + std::to_string(w) + " is above the caseload cap, which the scenario does not allow");
  }
  for (std::size_t t = 0; t < queues_.size(); ++t)
    if (std::fabs(queued[t] - queues_[t].children) > 1e-9) fail("a team's unallocated count disagrees with its queue");
  // A team's index, where it is kept current, holds each worker as they are.
  for (std::uint32_t t = 0; t < indexes_.size(); ++t) {
    const TeamIndex& ti = indexes_[t];
    if (!ti.fresh) continue;
    if (!ti.index.consistent()) fail("team " + std::to_string(t) + "'s least-loaded index is not its workers' tournament");
    for (std::uint32_t rank = 0; rank < ti.worker_at.size(); ++rank) {
      const std::uint32_t id = ti.worker_at[rank];
      const LeastLoadedIndex::Leaf want = id == LeastLoadedIndex::kNone ? LeastLoadedIndex::Leaf{}
                                                                        : leaf_of(workforce_.team(t), rank, workers[id]);
      const LeastLoadedIndex::Leaf held = ti.index.leaf(rank);
      // As update() stores it: NaN as +inf.
      const double want_key = want.key < std::numeric_limits<double>::infinity() ? want.key : std::numeric_limits<double>::infinity();
      if (held.key != want_key || held.room != want.room)
        fail("team " + std::to_string(t) + "'s least-loaded index holds a stale load for the worker in place " + std::to_string(rank));
    }
  }
}

}  // namespace caseflow::model
