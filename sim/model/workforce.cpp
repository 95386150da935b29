#include "caseflow/model/workforce.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "caseflow/model/allocation.h"
#include "caseflow/model/staffing_report.h"

namespace caseflow::model {

Workforce::Workforce(ReplicationContext& context, const StaffingColumns& columns)
    : ctx_(context), wf_(context.scenario.workforce.get()), c_(columns), recruitment_(wf_->recruitment),
      pay_(wf_->grades.size() * kContracts) {
  for (std::uint32_t spec = 0; spec < wf_->teams.size(); ++spec) {
    team_base_.push_back(static_cast<std::uint32_t>(teams_.size()));
    const std::uint32_t copies = wf_->teams[spec].per_locality ? static_cast<std::uint32_t>(wf_->localities.size()) : 1;
    for (std::uint32_t l = 0; l < copies; ++l) {
      Team team;
      team.spec = spec;
      team.locality = l;
      team.managers = wf_->teams[spec].managers;
      teams_.push_back(std::move(team));
    }
  }
}

void Workforce::start() {
  const std::uint32_t qualified = qualified_grade();
  for (std::uint32_t t = 0; t < teams_.size(); ++t) {
    const TeamSpec& spec = wf_->teams[teams_[t].spec];
    for (std::uint32_t g = 0; g < wf_->grades.size(); ++g) {
      const auto workers = static_cast<int>(spec.workers_by_grade[g]);
      for (int i = 0; i < workers; ++i) {
        if (wf_->grades[g].agency) {
          // A locum covers a vacant post of the qualified grade, which is being recruited to.
          const std::uint32_t post = new_post(t, qualified);
          start_worker(post, g, true);
          start_recruitment(post, false);
        } else {
          start_worker(new_post(t, g), g, true);
        }
      }
      const auto vacancies = static_cast<int>(spec.vacancies_by_grade[g]);
      for (int i = 0; i < vacancies; ++i) {
        const std::uint32_t post = new_post(t, wf_->grades[g].agency ? qualified : g);
        start_recruitment(post, true);
      }
    }
  }
  for (int i = 0; i < wf_->bank_size; ++i) bank_.push_back(new_worker(qualified, 0, -1, true));
  locality_managers_ = wf_->locality_managers;
  for (const auto& team : teams_) establishment_.change(kTeamManagers, ctx_.now, team.managers);
  establishment_.change(kLocalityManagers, ctx_.now, locality_managers_);
  for (std::uint32_t i = 0; i < wf_->establishment.size(); ++i)
    ctx_.queue.schedule(wf_->establishment[i].day, {EventKind::establishment_change, i});
}

//! The grade locums stand in for and the bank recruits: the scenario's
//! qualified grade, else the first permanent, not newly qualified grade.
std::uint32_t Workforce::qualified_grade() const {
  return wf_->qualified_grade >= 0 ? static_cast<std::uint32_t>(wf_->qualified_grade) : first_permanent_grade();
}

std::uint32_t Workforce::first_permanent_grade() const {
  for (std::uint32_t g = 0; g < wf_->grades.size(); ++g)
    if (!wf_->grades[g].agency && !wf_->grades[g].newly_qualified) return g;
  return 0;
}

std::uint32_t Workforce::agency_grade() const {
  for (std::uint32_t g = 0; g < wf_->grades.size(); ++g)
    if (wf_->grades[g].agency) return g;
  return 0;
}

double Workforce::grade_cap(std::uint32_t grade, std::uint32_t team) const {
  const double grade_cap = wf_->grades[grade].caseload_cap;
  const double team_cap = wf_->teams[teams_[team].spec].caseload_cap;
  return grade_cap > 0 ? std::min(grade_cap, team_cap) : team_cap;
}

std::uint32_t Workforce::new_post(std::uint32_t team, std::uint32_t grade) {
  posts_.push_back(Post{team, grade, -1, true, false, {}, {}, {}, false, false});
  posts_.back().rng = ctx_.rng.post_stream(posts_.size() - 1);
  establishment_.change(kFundedPosts, ctx_.now, 1.0);
  ++funded_posts_;
  return static_cast<std::uint32_t>(posts_.size() - 1);
}

//! A worker record; `at_start` workers are part-way through their time
//! (progression and tenure drawn as for a worker found in post).
std::uint32_t Workforce::new_worker(std::uint32_t grade, std::uint32_t team, std::int32_t post, bool at_start) {
  Worker w;
  w.team = team;
  w.grade = grade;
  w.post = post;
  w.agency = wf_->grades[grade].agency;
  // A bank worker, who holds no post yet, is keyed from the bank's stream.
  w.rng = CaseRandom(post >= 0 ? posts_[static_cast<std::uint32_t>(post)].rng.child_key() : ctx_.rng.workforce());
  if (!w.agency && wf_->part_time_share > 0 && uniform01(w.rng) < wf_->part_time_share) w.fte = wf_->part_time_fte;
  w.cap = capacity(w);
  workers_.push_back(std::move(w));
  const auto id = static_cast<std::uint32_t>(workers_.size() - 1);
  CaseRandom& rng = workers_[id].rng;
  pay(id, +1.0);
  const bool is_agency = workers_[id].agency;
  const GradeSpec& g = wf_->grades[grade];
  if (g.progresses_to >= 0) {
    const double after = at_start ? uniform01(rng) * g.progress_after_days : g.progress_after_days;
    workers_[id].progression = ctx_.queue.schedule(ctx_.now + after, {EventKind::progression, id});
  }
  if (is_agency) {
    const DurationSpec& d = wf_->agency_tenure;
    // A locum found in post has served a uniform share of a length-biased tenure.
    const double units = at_start ? d.distribution.sample_length_biased(rng) * uniform01(rng) : d.distribution.sample(rng);
    workers_[id].leave = ctx_.queue.schedule(ctx_.advance(ctx_.now, units, d.unit), {EventKind::worker_leaves, id});
  }
  schedule_absences(id);
  return id;
}

void Workforce::join_team(std::uint32_t id, std::uint32_t team_id) {
  Team& team = teams_[team_id];
  if (wf_->intake == Intake::manager_groups) {
    // The group with a vacancy: the smallest (groups beyond the managers'
    // count, after a cut, fold onto the others).
    std::vector<std::uint32_t> members(team.groups(), 0);
    for (const auto other : team.workers) ++members[workers_[other].group % members.size()];
    workers_[id].group = static_cast<std::uint32_t>(std::min_element(members.begin(), members.end()) - members.begin());
  }
  team.workers.push_back(id);
  allocation_->worker_joined(team_id, id);
}

void Workforce::start_worker(std::uint32_t post, std::uint32_t grade, bool at_start) {
  const std::uint32_t team = posts_[post].team;
  const std::uint32_t id = new_worker(grade, team, static_cast<std::int32_t>(post), at_start);
  posts_[post].worker = static_cast<std::int32_t>(id);
  posts_[post].locum_post = workers_[id].agency;
  recount(posts_[post]);
  join_team(id, team);
  if (!at_start) {
    ctx_.count(workers_[id].agency ? c_.sw_agency_starts : c_.sw_hires, 1);
    draw_departure(id, ctx_.month_end_time());
  }
}

//! Sickness episodes a day for this worker: the scenario's rates are per FTE.
double Workforce::short_absence_rate(const Worker& w) const {
  return wf_->short_sickness_days_per_fte_month / (kDaysPerYear / 12.0) / std::max(1e-9, wf_->short_sickness_episode.mean_days()) * w.fte;
}
double Workforce::long_absence_rate(const Worker& w) const { return wf_->long_term_absences_per_fte_year / kDaysPerYear * w.fte; }

// Blocks a year n = days a year / working days a block (a block's mean is in
// calendar days, working days counted 7 to 5). The next block is drawn from
// the end of the last, so the rate is per day at work: n over the year's
// days less the n blocks' own.
double Workforce::holiday_rate() const {
  const double block_days = wf_->annual_leave_block.mean_days();
  const double blocks = wf_->annual_leave_days_per_year / (block_days * 5.0 / 7.0);
  return blocks / std::max(1.0, kDaysPerYear - blocks * block_days);
}

void Workforce::plan_holiday(Worker& w, std::uint32_t id) {
  w.holiday_from = ctx_.now + exponential(w.rng, holiday_rate());
  w.holiday = ctx_.queue.schedule(w.holiday_from, {EventKind::holiday_start, id});
}

void Workforce::schedule_absences(std::uint32_t id) {
  Worker& w = workers_[id];
  if (wf_->annual_leave_days_per_year > 0) plan_holiday(w, id);
  if (wf_->short_sickness_days_per_fte_month > 0)
    w.short_absence = ctx_.queue.schedule(ctx_.now + exponential(w.rng, short_absence_rate(w)), {EventKind::short_absence_start, id});
  if (wf_->long_term_absences_per_fte_year > 0)
    w.long_absence = ctx_.queue.schedule(ctx_.now + exponential(w.rng, long_absence_rate(w)), {EventKind::long_absence_start, id});
}

//! Locums as a share of funded posts if one more started. The cap is on
//! posts, so leavers cannot push it over: only new locums are limited, and a
//! locum post between locums counts as held.
double Workforce::agency_share_of_posts_if_added() const {
  if (funded_posts_ <= 0) return kNever;
  return (static_cast<double>(agency_posts_) + 1) / static_cast<double>(funded_posts_);
}

//! A vacant post: a bank worker moves in at once if there is one; otherwise
//! permanent recruitment starts and a locum is sought while it runs.
void Workforce::start_recruitment(std::uint32_t post, bool seek_locum) {
  Post& p = posts_[post];
  if (!p.funded) return;
  if (p.worker < 0 && !bank_.empty()) {
    const std::uint32_t id = bank_.front();
    bank_.pop_front();
    pay(id, -1.0);
    Worker& w = workers_[id];
    w.team = p.team;
    w.post = static_cast<std::int32_t>(post);
    w.cap = capacity(w);
    pay(id, +1.0);
    p.worker = static_cast<std::int32_t>(id);
    recount(p);
    join_team(id, p.team);
    ctx_.count(c_.sw_hires, 1);
    ctx_.queue.cancel(p.hire);
    ctx_.queue.cancel(p.locum);
    ctx_.queue.schedule(ctx_.now + ctx_.sample_days(recruitment_.time_to_hire, ctx_.rng.workforce), {EventKind::bank_hire, 0});
    allocation_->fill_queue(p.team);
    return;
  }
  if (!ctx_.queue.is_pending(p.hire))
    p.hire = ctx_.queue.schedule(ctx_.now + ctx_.sample_days(recruitment_.time_to_hire, p.rng), {EventKind::permanent_hire, post});
  if (seek_locum) seek_locum_for(post);
}

void Workforce::seek_locum_for(std::uint32_t post) {
  Post& p = posts_[post];
  if (p.worker >= 0 || !p.funded || ctx_.queue.is_pending(p.locum) || wf_->agency_share_cap <= 0) return;
  p.locum = ctx_.queue.schedule(ctx_.now + ctx_.sample_days(wf_->agency_lag, p.rng), {EventKind::locum_arrives, post});
}

void Workforce::on_locum_arrives(std::uint32_t post) {
  Post& p = posts_[post];
  if (p.worker >= 0 || !p.funded) return;
  // A new engagement over the agency cap: try again at the next month start.
  if (!p.locum_post && agency_share_of_posts_if_added() > wf_->agency_share_cap + 1e-12) {
    locum_waiting_.push_back(post);
    return;
  }
  start_worker(post, agency_grade(), false);
  allocation_->fill_queue(p.team);
}

void Workforce::on_permanent_hire(std::uint32_t post) {
  Post& p = posts_[post];
  if (!p.funded) return;
  const std::int32_t locum = p.worker;
  if (locum >= 0 && !workers_[static_cast<std::uint32_t>(locum)].agency) return;
  // A campaign that appoints nobody is run again (drawn only where some fail,
  // so scenarios where every campaign appoints keep their random streams).
  if (recruitment_.success_rate < 1.0 && uniform01(p.rng) >= recruitment_.success_rate) {
    p.hire = ctx_.queue.schedule(ctx_.now + ctx_.sample_days(recruitment_.time_to_hire, p.rng), {EventKind::permanent_hire, post});
    return;
  }
  ctx_.queue.cancel(p.locum);
  appointments_ += 1.0;
  std::uint32_t grade = p.grade;
  if (static_cast<int>(grade) == wf_->qualified_grade && wf_->newly_qualified_grade >= 0 &&
      uniform01(p.rng) < wf_->newly_qualified_share)
    grade = static_cast<std::uint32_t>(wf_->newly_qualified_grade);
  const std::uint32_t team = p.team;
  // The starter joins before the locum goes, so the locum's children can pass to them.
  start_worker(post, grade, false);
  const std::int32_t starter = posts_[post].worker;
  if (locum >= 0) {
    remove_worker(static_cast<std::uint32_t>(locum), false);
    posts_[post].worker = starter;
    recount(posts_[post]);
  }
  allocation_->fill_queue(team);
}

//! A worker leaves the team (left the authority, a locum's contract ended,
//! or a locum replaced by a permanent starter): their children are
//! re-allocated, and the post is recruited to if `recruit`.
void Workforce::remove_worker(std::uint32_t id, bool recruit) {
  Worker& w = workers_[id];
  if (!w.active) return;
  w.active = false;
  pay(id, -1.0);
  ctx_.queue.cancel(w.leave);
  ctx_.queue.cancel(w.short_absence);
  ctx_.queue.cancel(w.long_absence);
  ctx_.queue.cancel(w.holiday);
  ctx_.queue.cancel(w.progression);
  ctx_.count(w.agency ? c_.sw_agency_ends : c_.sw_leavers, 1);
  auto& members = teams_[w.team].workers;
  members.erase(std::find(members.begin(), members.end(), id));
  allocation_->worker_left(w.team, id);
  const std::int32_t post = w.post;
  if (post >= 0) {
    posts_[static_cast<std::uint32_t>(post)].worker = -1;
    recount(posts_[static_cast<std::uint32_t>(post)]);
  }
  allocation_->reallocate_cases_of(id);
  if (post < 0) return;
  Post& p = posts_[static_cast<std::uint32_t>(post)];
  if (p.close_when_vacant) {
    unfund(p);
    ctx_.queue.cancel(p.hire);
    ctx_.queue.cancel(p.locum);
    return;
  }
  if (recruit) start_recruitment(static_cast<std::uint32_t>(post), true);
}

//! Draws whether a permanent worker leaves before `until`, with the hazard
//! as it stands now (re-drawn each month, so the hazard is piecewise constant).
void Workforce::draw_departure(std::uint32_t id, double until) {
  Worker& w = workers_[id];
  if (w.agency || !w.active || wf_->annual_turnover <= 0) return;
  const Team& team = teams_[w.team];
  const double missed = 1.0 - supervision_coverage(team);
  const double hazard = wf_->annual_turnover * (1 + wf_->caseload_elasticity * w.excess()) *
                        (1 + wf_->supervision_elasticity * missed) / kDaysPerYear;
  const double when = ctx_.now + exponential(w.rng, hazard);
  if (when < until) {
    ctx_.queue.cancel(w.leave);
    w.leave = ctx_.queue.schedule(when, {EventKind::worker_leaves, id});
  }
}

void Workforce::month_start() {
  const double until = ctx_.month_end_time();
  for (const auto& team : teams_)
    for (auto id : team.workers)
      if (!ctx_.queue.is_pending(workers_[id].leave)) draw_departure(id, until);
  std::vector<std::uint32_t> waiting;
  waiting.swap(locum_waiting_);
  for (auto post : waiting) on_locum_arrives(post);
}

// An absence (sickness or leave) begins: no new cases while it lasts and,
// with a workload, no hours; its end is drawn and scheduled.
void Workforce::absence_begins(std::uint32_t id, bool Worker::*away, const DurationSpec& length, EventKind end,
                               EventHandle Worker::*end_event) {
  Worker& w = workers_[id];
  w.*away = true;
  allocation_->worker_changed(id);
  const double back = ctx_.now + ctx_.sample_days(length, w.rng);
  w.absent_until = std::max(w.absent_until, back);
  w.*end_event = ctx_.queue.schedule(back, {end, id});
}

// The worker is back: `next` schedules the next absence of the kind, and
// children waiting for a worker may now go to them.
void Workforce::absence_ends(std::uint32_t id, bool Worker::*away, const std::function<void(Worker&)>& next) {
  Worker& w = workers_[id];
  w.*away = false;
  allocation_->worker_changed(id);
  next(w);
  if (w.post >= 0) allocation_->fill_queue(w.team);
}

void Workforce::handle(const EventPayload& event) {
  const std::uint32_t id = event.subject;
  switch (event.kind) {
    case EventKind::worker_leaves: remove_worker(id, true); break;
    case EventKind::permanent_hire: on_permanent_hire(id); break;
    case EventKind::locum_arrives: on_locum_arrives(id); break;
    case EventKind::bank_hire:
      bank_.push_back(new_worker(qualified_grade(), 0, -1, false));
      appointments_ += 1.0;
      ctx_.count(c_.sw_hires, 1);
      break;
    case EventKind::short_absence_start: absence_begins(id, &Worker::short_absent, wf_->short_sickness_episode, EventKind::short_absence_end, &Worker::short_absence); break;
    case EventKind::short_absence_end:
      absence_ends(id, &Worker::short_absent, [&](Worker& w) {
        w.short_absence = ctx_.queue.schedule(ctx_.now + exponential(w.rng, short_absence_rate(w)), {EventKind::short_absence_start, id});
      });
      break;
    case EventKind::long_absence_start:
      absence_begins(id, &Worker::long_absent, wf_->long_term_absence, EventKind::long_absence_end, &Worker::long_absence);
      if (wf_->long_term_reallocates) allocation_->reallocate_cases_of(id);
      break;
    case EventKind::long_absence_end:
      absence_ends(id, &Worker::long_absent, [&](Worker& w) {
        w.long_absence = ctx_.queue.schedule(ctx_.now + exponential(w.rng, long_absence_rate(w)), {EventKind::long_absence_start, id});
      });
      break;
    case EventKind::holiday_start:
      // Away for the block: their cases wait for their return, not reallocated.
      workers_[id].holiday_from = kNever;
      absence_begins(id, &Worker::on_holiday, wf_->annual_leave_block, EventKind::holiday_end, &Worker::holiday);
      break;
    case EventKind::holiday_end: absence_ends(id, &Worker::on_holiday, [&](Worker& w) { plan_holiday(w, id); }); break;
    case EventKind::progression: {
      Worker& w = workers_[id];
      const GradeSpec& g = wf_->grades[w.grade];
      pay(id, -1.0);
      w.grade = static_cast<std::uint32_t>(g.progresses_to);
      pay(id, +1.0);
      w.cap = capacity(w);
      allocation_->worker_changed(id);
      const GradeSpec& next = wf_->grades[w.grade];
      if (next.progresses_to >= 0) w.progression = ctx_.queue.schedule(ctx_.now + next.progress_after_days, {EventKind::progression, id});
      if (w.post >= 0) allocation_->fill_queue(w.team);
      break;
    }
    case EventKind::establishment_change: apply_establishment(wf_->establishment[id]); break;
    default: break;
  }
}

void Workforce::pay(std::uint32_t id, double sign) {
  Worker& w = workers_[id];
  if (sign > 0) {
    // A locum is paid by the grade of the post they cover; others by their own.
    const Contract contract = w.agency ? Contract::agency : w.post < 0 ? Contract::bank : Contract::permanent;
    const std::uint32_t grade = w.agency ? posts_[static_cast<std::uint32_t>(w.post)].grade : w.grade;
    w.pay_key = grade * kContracts + static_cast<std::uint32_t>(contract);
  }
  pay_.change(w.pay_key, ctx_.now, sign * w.fte);
}

void Workforce::unfund(Post& post) {
  post.funded = false;
  establishment_.change(kFundedPosts, ctx_.now, -1.0);
  --funded_posts_;
  recount(post);
}

void Workforce::adopt(const WorkforceConfig& next, bool new_recruitment_terms) {
  const WorkforceConfig& before = *wf_;
  wf_ = &next;
  if (new_recruitment_terms) recruitment_ = next.recruitment;
  const double locality_before = locality_managers_;
  locality_managers_ = std::max(0.0, locality_managers_ + next.locality_managers - before.locality_managers);
  establishment_.change(kLocalityManagers, ctx_.now, locality_managers_ - locality_before);
  // Posts and managers: the difference, as an establishment change would make it.
  for (std::uint32_t spec = 0; spec < next.teams.size(); ++spec) {
    const TeamSpec& a = before.teams[spec];
    const TeamSpec& b = next.teams[spec];
    for (std::uint32_t g = 0; g < next.grades.size(); ++g) {
      const double posts_before = a.workers_by_grade[g] + a.vacancies_by_grade[g];
      const double posts_after = b.workers_by_grade[g] + b.vacancies_by_grade[g];
      const int posts = static_cast<int>(std::lround(posts_after - posts_before));
      const int managers = g == 0 ? static_cast<int>(std::lround(b.managers - a.managers)) : 0;
      if (posts == 0 && managers == 0) continue;
      EstablishmentChange change;
      change.day = ctx_.now;
      change.team = spec;
      change.grade = g;
      change.posts = posts;
      change.managers = managers;
      change.locum_first = next.grades[g].agency;  // a post of the agency grade is a locum's
      apply_establishment(change);
    }
  }
  // Caps: every worker's, then the queues their room may now serve.
  for (std::uint32_t id = 0; id < workers_.size(); ++id) {
    Worker& w = workers_[id];
    if (!w.active) continue;
    const double cap = capacity(w);
    if (cap == w.cap) continue;
    w.cap = cap;
    if (w.post >= 0) allocation_->worker_changed(id);
  }
  for (std::uint32_t t = 0; t < teams_.size(); ++t) allocation_->fill_queue(t);
}

void Workforce::apply_establishment(const EstablishmentChange& change) {
  if (change.recruitment) recruitment_ = *change.recruitment;
  const double locality_before = locality_managers_;
  locality_managers_ = std::max(0.0, locality_managers_ + change.locality_managers);
  establishment_.change(kLocalityManagers, ctx_.now, locality_managers_ - locality_before);
  if (!change.team_change) return;
  for (std::uint32_t t = 0; t < teams_.size(); ++t) {
    if (teams_[t].spec != change.team) continue;
    const std::uint32_t groups_before = teams_[t].groups();
    const double managers_before = teams_[t].managers;
    teams_[t].managers = std::max(0.0, teams_[t].managers + change.managers);
    establishment_.change(kTeamManagers, ctx_.now, teams_[t].managers - managers_before);
    // A new manager's group is not built from new starters alone: the team
    // is regrouped, its workers dealt out over the groups in joining order.
    if (wf_->intake == Intake::manager_groups && teams_[t].groups() != groups_before)
      for (std::size_t rank = 0; rank < teams_[t].workers.size(); ++rank)
        workers_[teams_[t].workers[rank]].group = static_cast<std::uint32_t>(rank % teams_[t].groups());
    allocation_->team_changed(t);
    for (int i = 0; i < change.posts; ++i) {
      const std::uint32_t post = new_post(t, change.grade);
      establishment_.change(kPostsAdded, ctx_.now, 1.0);
      if (change.locum_first) {
        if (!bank_.empty()) {
          start_recruitment(post, false);
          continue;
        }
        // The plan engages these locums itself: a locum post from the start, whatever the cap.
        posts_[post].locum_post = true;
        recount(posts_[post]);
        Post& added = posts_[post];
        added.locum = ctx_.queue.schedule(ctx_.now + ctx_.sample_days(wf_->agency_lag, added.rng), {EventKind::locum_arrives, post});
        added.hire = ctx_.queue.schedule(ctx_.now + ctx_.sample_days(recruitment_.time_to_hire, added.rng), {EventKind::permanent_hire, post});
      } else {
        start_recruitment(post, false);
      }
    }
    // Fewer posts: close vacant ones first, then those held by locums, then
    // let permanent staff go by natural wastage.
    int to_close = -change.posts;
    for (int pass = 0; pass < 3 && to_close > 0; ++pass)
      for (std::uint32_t p = 0; p < posts_.size() && to_close > 0; ++p) {
        Post& post = posts_[p];
        if (post.team != t || !post.funded || post.close_when_vacant || post.grade != change.grade) continue;
        const bool vacant = post.worker < 0;
        const bool locum = !vacant && workers_[static_cast<std::uint32_t>(post.worker)].agency;
        if (pass == 0 && vacant) {
          unfund(post);
          ctx_.queue.cancel(post.hire);
          ctx_.queue.cancel(post.locum);
          --to_close;
        } else if (pass == 1 && locum) {
          post.close_when_vacant = true;
          remove_worker(static_cast<std::uint32_t>(post.worker), false);
          --to_close;
        } else if (pass == 2 && !vacant) {
          post.close_when_vacant = true;
          --to_close;
        }
      }
    allocation_->fill_queue(t);
  }
}

}  // namespace caseflow::model
