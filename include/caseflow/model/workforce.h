//===----------------------------------------------------------------------===//
// workforce.h: the social workers of one replication, and how their number changes
//
// Owns posts, workers, teams and their managers, and the bank: recruitment
// to vacant posts, agency locums covering them (under the agency cap),
// turnover (a hazard that grows with caseload excess and missed
// supervision), short and long sickness, newly qualified staff progressing,
// and planned changes to the establishment. Which children a worker holds is
// allocation's (allocation.h): this module tells it when a worker leaves,
// falls ill or gains room, and allocation keeps each worker's caseload.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <new>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "caseflow/engine/large_array.h"
#include "caseflow/engine/level_integral.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/workforce_config.h"

namespace caseflow::model {

class Allocation;
struct StaffingColumns;

//! What a worker is paid under (costs price each differently).
enum class Contract : std::uint8_t { permanent, agency, bank };
inline constexpr std::uint32_t kContracts = 3;

//! A worker's cases, in the order allocation keeps them. Held in the
//! worker's record up to kCasesInline cases (what fits in its four cache
//! lines; a caseload beyond it moves to the heap): a case's allocation or
//! release and the weekly plan read the list with the record, and a list of
//! its own was one more cache miss after the record's at a large
//! authority's size (issue 24, session 21).
inline constexpr std::size_t kCasesInline = 24;
using WorkerCaseList = boost::container::small_vector<std::uint32_t, kCasesInline>;
//! A list that went to the heap comes back into the record once it is this
//! short (Boost's small_vector keeps its heap buffer otherwise, even through
//! shrink_to_fit); well below kCasesInline, so that a caseload going back
//! and forth across it does not move each time.
inline constexpr std::size_t kCasesBackInline = 16;
//! Puts a list that is on the heap back into the record, in the same order
//! (a list already there, or longer than kCasesInline, is left where it is).
inline void move_into_record(WorkerCaseList& list) {
  if (list.capacity() <= kCasesInline || list.size() > kCasesInline) return;
  std::array<std::uint32_t, kCasesInline> ids;
  const auto end = std::copy(list.begin(), list.end(), ids.begin());
  std::destroy_at(&list);
  ::new (&list) WorkerCaseList(ids.begin(), end);
}

//! Four cache lines, the list included: one fetch of the record brings it all.
struct alignas(64) Worker {
  std::uint32_t team = 0;  // team instance
  std::uint32_t grade = 0;
  std::int32_t post = -1;  // -1: in the bank, not in a team
  double fte = 1.0;        // fraction of full time
  double cap = 0.0;        // the grade's or team's cap, times fte
  bool agency = false;
  bool active = true;
  bool short_absent = false;
  bool long_absent = false;
  bool on_holiday = false;    // annual leave
  double holiday_from = kNever;  // when the next block of leave starts (leave is planned: a week's plan knows it)
  double absent_until = 0.0;  // when the current absence ends
  std::uint32_t group = 0;    // the manager's group joined (allocation.intake: manager_groups)
  std::uint32_t pay_key = 0;  // the grade and contract their FTE is paid at (Workforce::pay_key)
  //! Away: off sick or on leave.
  bool absent() const { return short_absent || long_absent || on_holiday; }
  //! How far the caseload is over the cap, relative to it (0 at or under):
  //! the overload every feedback reads (turnover, drift, re-referral).
  double excess() const { return cap > 0 ? std::max(0.0, load / cap - 1.0) : 0.0; }
  // The caseload, kept by allocation.
  double load = 0.0;      // children
  double weighted = 0.0;  // weighted caseload
  WorkerCaseList cases;
  EventHandle leave, short_absence, long_absence, holiday, progression;  // leave: leaving the authority
  //! Their own stream (tenure, absences, leave), keyed from the post they
  //! took: a worker's draws depend on no other worker's.
  CaseRandom rng;
};
static_assert(sizeof(Worker) == 4 * 64, "a worker's record, case list included, is four cache lines");

struct Post {
  std::uint32_t team = 0;
  std::uint32_t grade = 0;
  std::int32_t worker = -1;
  bool funded = true;
  bool close_when_vacant = false;
  EventHandle hire, locum;
  //! Its own stream: its campaigns, locums' arrival and its holders' keys.
  CaseRandom rng;
  //! Held by a locum last: another locum may follow whatever the agency cap
  //! (the cap stops new engagements; it never turns a locum post vacant).
  bool locum_post = false;
  //! Whether Workforce's running count of agency posts counts it now (Workforce::recount).
  bool counted_as_agency = false;
};

//! One team: a team spec in one locality (or the whole authority).
struct Team {
  std::uint32_t spec = 0;
  std::uint32_t locality = 0;
  double managers = 0.0;
  //! One group per manager (a part-time manager counts whole), at least one.
  std::uint32_t groups() const { return std::max(1u, static_cast<std::uint32_t>(std::ceil(managers - 1e-9))); }
  std::vector<std::uint32_t> workers;  // in post, in order of joining
};

class Workforce {
 public:
  Workforce(ReplicationContext& context, const StaffingColumns& columns);
  void connect(Allocation& allocation) { allocation_ = &allocation; }
  //! A policy takes effect (policies.h): caps, posts, managers and the agency
  //! cap become `next`'s; its recruitment terms replace those in force
  //! (perhaps an establishment change's drive) only when
  //! `new_recruitment_terms`. Posts added or cut go as an establishment change's do.
  void adopt(const WorkforceConfig& next, bool new_recruitment_terms);

  //! The opening workforce: staff in post, vacancies being recruited to, the
  //! bank, and the planned establishment changes.
  void start();
  //! Start of a month: turnover draws for it, and locums for posts that were
  //! waiting under the agency cap.
  void month_start();
  void handle(const EventPayload& event);

  // ---- for costs: time integrals from the start to now, exact to the event --
  //! FTE-days worked at `grade` on `contract`; a locum's grade is the grade of
  //! the post they cover, a bank worker's the grade they were hired at.
  double fte_days(std::uint32_t grade, Contract contract) const {
    return pay_.integral(grade * kContracts + static_cast<std::uint32_t>(contract), ctx_.now);
  }
  //! Team managers, locality managers and funded social worker posts, each x days.
  double team_manager_days() const { return establishment_.integral(kTeamManagers, ctx_.now); }
  double locality_manager_days() const { return establishment_.integral(kLocalityManagers, ctx_.now); }
  double funded_post_days() const { return establishment_.integral(kFundedPosts, ctx_.now); }
  //! Permanent staff appointed from outside since the start (a campaign that
  //! appointed, or a hire into the bank); a bank worker moving into a post is not one.
  double appointments() const { return appointments_; }
  //! Social worker posts added by the establishment changes so far (new
  //! posts), and their days since each was added.
  double posts_added() const { return establishment_.level(kPostsAdded); }
  double added_post_days() const { return establishment_.integral(kPostsAdded, ctx_.now); }

  // ---- for allocation and the staffing report ---------------------------------
  std::size_t team_count() const { return teams_.size(); }
  const Team& team(std::uint32_t id) const { return teams_[id]; }
  const std::vector<Team>& teams() const { return teams_; }
  //! The team of a spec in a locality.
  std::uint32_t team_instance(std::uint32_t spec, std::uint32_t locality) const {
    return team_base_[spec] + (wf_->teams[spec].per_locality ? locality : 0);
  }
  Worker& worker(std::uint32_t id) { return workers_[id]; }
  const Worker& worker(std::uint32_t id) const { return workers_[id]; }
  //! Starts fetching worker `id`'s whole record, their case list with it.
  //! (Always inlined: GCC finds a function that only prefetches free of side
  //! effects, and drops a call to it that it has not inlined.)
  [[gnu::always_inline]] void prefetch_worker(std::uint32_t id) const {
    const char* record = reinterpret_cast<const char*>(workers_.data() + id);
    for (std::size_t line = 0; line < sizeof(Worker); line += 64) __builtin_prefetch(record + line);
  }
  const LargeVector<Worker>& workers() const { return workers_; }
  const std::vector<Post>& posts() const { return posts_; }
  std::size_t bank_size() const { return bank_.size(); }
  double locality_managers() const { return locality_managers_; }
  //! Whether the worker at this place in the team's list can take cases now:
  //! not off sick and, where the scenario says so, within the managers' span.
  bool deployable(const Team& team, std::size_t rank, const Worker& w) const {
    if (w.absent()) return false;
    if (wf_->span_excess == SpanExcess::undeployable && static_cast<double>(rank) >= supervised_places(team)) return false;
    return true;
  }
  //! How many of the team's workers its managers' span covers.
  double supervised_places(const Team& team) const {
    if (wf_->teams[team.spec].supervised_outside) return static_cast<double>(team.workers.size());
    return wf_->span_limit * team.managers;
  }
  //! Share of the team's workers within its managers' span.
  double supervision_coverage(const Team& team) const {
    const double n = static_cast<double>(team.workers.size());
    return n > 0 ? std::min(1.0, supervised_places(team) / n) : 1.0;
  }

 private:
  std::uint32_t qualified_grade() const;
  std::uint32_t first_permanent_grade() const;
  std::uint32_t agency_grade() const;
  double grade_cap(std::uint32_t grade, std::uint32_t team) const;
  double capacity(const Worker& w) const { return grade_cap(w.grade, w.team) * w.fte; }
  std::uint32_t new_post(std::uint32_t team, std::uint32_t grade);
  std::uint32_t new_worker(std::uint32_t grade, std::uint32_t team, std::int32_t post, bool at_start);
  void start_worker(std::uint32_t post, std::uint32_t grade, bool at_start);
  //! Worker `id` joins team `team`: last in its list, in the smallest of its managers' groups.
  void join_team(std::uint32_t id, std::uint32_t team);
  double short_absence_rate(const Worker& w) const;
  //! Blocks of annual leave a day for any worker (leave is in days whatever the FTE).
  double holiday_rate() const;
  //! Draws when the worker's next block of leave starts.
  void plan_holiday(Worker& w, std::uint32_t id);
  void absence_begins(std::uint32_t id, bool Worker::*away, const DurationSpec& length, EventKind end, EventHandle Worker::*end_event);
  void absence_ends(std::uint32_t id, bool Worker::*away, const std::function<void(Worker&)>& next);
  double long_absence_rate(const Worker& w) const;
  void schedule_absences(std::uint32_t id);
  static double exponential(CaseRandom& rng, double rate) { return draw_exponential(rng, rate); }
  double agency_share_of_posts_if_added() const;
  //! Whether a post counts against the agency cap: funded, and held by a
  //! locum or (a locum post between locums) waiting for the next.
  bool counts_as_agency(const Post& p) const {
    return p.funded && (p.worker >= 0 ? workers_[static_cast<std::uint32_t>(p.worker)].agency : p.locum_post);
  }
  //! Brings the running counts up to date after a change to a post's holder,
  //! locum flag or funding (every such change calls it), so the cap is not a
  //! scan of every post for each locum (issue 24).
  void recount(Post& p) {
    const bool agency = counts_as_agency(p);
    agency_posts_ += static_cast<long>(agency) - static_cast<long>(p.counted_as_agency);
    p.counted_as_agency = agency;
  }
  void start_recruitment(std::uint32_t post, bool seek_locum);
  void seek_locum_for(std::uint32_t post);
  void on_locum_arrives(std::uint32_t post);
  void on_permanent_hire(std::uint32_t post);
  void remove_worker(std::uint32_t id, bool recruit);
  void draw_departure(std::uint32_t id, double until);
  void apply_establishment(const EstablishmentChange& change);
  //! Worker `id` starts (+1) or stops (-1) being paid under their current grade and contract.
  void pay(std::uint32_t id, double sign);
  void unfund(Post& post);

  ReplicationContext& ctx_;
  const WorkforceConfig* wf_;  // the values in force (policies may change some)
  const StaffingColumns& c_;
  //! Recruitment on the terms of the latest drive (establishment entries), else the scenario's.
  RecruitmentTerms recruitment_;
  Allocation* allocation_ = nullptr;
  std::vector<Team> teams_;
  std::vector<std::uint32_t> team_base_;  // per team spec: its first team
  LargeVector<Worker> workers_;
  std::vector<Post> posts_;
  std::deque<std::uint32_t> bank_;
  double locality_managers_ = 0.0;
  std::vector<std::uint32_t> locum_waiting_;
  LevelIntegrals pay_;  // FTE by grade x contract
  enum EstablishmentLevel : std::uint32_t { kTeamManagers, kLocalityManagers, kFundedPosts, kPostsAdded };
  LevelIntegrals establishment_{4};
  double appointments_ = 0.0;
  long funded_posts_ = 0;  // posts funded now
  long agency_posts_ = 0;  // of those, the ones counts_as_agency() (recount keeps it)
};

}  // namespace caseflow::model
