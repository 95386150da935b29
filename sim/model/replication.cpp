#include "caseflow/model/replication.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <new>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include <boost/container/small_vector.hpp>
#include <boost/random/exponential_distribution.hpp>

#include "caseflow/engine/event_queue.h"
#include "caseflow/engine/random.h"
#include "caseflow/model/workforce.h"

namespace caseflow {

namespace {
constexpr std::uint32_t kOutside = std::numeric_limits<std::uint32_t>::max();
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// What plan_move returns when the move was scheduled (no state to enter now).
constexpr std::uint32_t kMoveScheduled = kOutside;

//! An exponential draw with this rate: Boost's ziggurat, which needs no
//! logarithm on nearly every draw (-log1p(-u), used before, cost 12% of a
//! peer-model run, one per contact). Changes the streams, not the distribution.
double draw_exponential(RandomEngine& rng, double rate) {
  return boost::random::exponential_distribution<double>(rate)(rng);
}
// Working-day arithmetic is exact inside the calendar's table; this far past
// the horizon nothing is reported, so a 7/5 approximation is enough.
constexpr double kCalendarMarginDays = 2.0 * kDaysPerYear;
}  // namespace

//! Metric columns, so the event loop indexes arrays instead of looking up names.
struct Model::Columns {
  std::uint32_t open_total, in_system, children_entered, children_exited;
  std::array<std::uint32_t, kCategoryCount> open_by_category{};
  std::uint32_t contacts, contacts_diverted, referrals, re_referrals, assessments_completed;
  std::uint32_t cin_starts, cp_starts, lac_starts, cp_repeat_starts, aged_out;
  std::uint32_t re_referral_share;
  std::vector<std::uint32_t> contacts_by_agency;
  std::vector<std::uint32_t> state_stock, state_entries;
  // Per state; kOutside except for the ways out of care (exits and care leavers' states).
  std::vector<std::uint32_t> lac_exits_by_state, days_in_care_by_exit;
  std::vector<std::uint32_t> timescale_share;
  // Workforce (registered only when the scenario has one).
  std::uint32_t sw_fte = kOutside, sw_agency_share = 0, sw_vacancies = 0, sw_posts = 0, sw_leavers = 0, sw_hires = 0,
                sw_agency_starts = 0, sw_agency_ends = 0, sw_absent = 0, sw_bank = 0, team_managers = 0,
                caseload_mean = 0, caseload_p10 = 0, caseload_p90 = 0, caseload_share_over_cap = 0,
                caseload_share_over_threshold = 0, asye_caseload_mean = 0, weighted_caseload_mean = 0,
                unallocated_total = 0, unallocated_cp = 0, unallocated_wait_days_mean = 0, worker_changes = 0,
                worker_changes_per_child = 0, supervision_coverage = 0, sw_headcount = 0, caseload_per_fte = 0,
                locality_managers = 0, business_support = 0;
  std::vector<std::uint32_t> team_caseload_mean, team_unallocated, team_sw_fte;  // per team spec
};

namespace {
std::string format_limit(double days) {
  std::ostringstream out;
  out << days;
  return out.str();
}
}  // namespace

Model::Model(Scenario scenario, ModelOptions options) : scenario_(std::move(scenario)), options_(options) {
  // The reader refuses more; a scenario built in code must not either.
  if (scenario_.timescales.size() > kMaxTimescales)
    throw std::invalid_argument("at most " + std::to_string(kMaxTimescales) + " timescales can be reported in one scenario");
  months_ = scenario_.months();
  const double horizon = scenario_.horizon_days();
  calendar_ = std::make_unique<WorkingCalendar>(scenario_.start_date, horizon + kCalendarMarginDays + 400.0,
                                                scenario_.closed_days, scenario_.weekend);
  for (int m = 0; m <= months_; ++m) month_starts_.push_back(calendar_->month_start(m));

  auto& c = *(columns_ = std::make_unique<Columns>());
  auto stock = [&](std::string name, std::string text) { return metrics_.add(std::move(name), MetricKind::stock, std::move(text)); };
  auto flow = [&](std::string name, std::string text) { return metrics_.add(std::move(name), MetricKind::flow, std::move(text)); };
  auto ratio = [&](std::string name, std::string text) { return metrics_.add(std::move(name), MetricKind::ratio, std::move(text)); };

  c.open_total = stock("open_total", "children open to social care (assessment, CIN, CP and LAC) at month end");
  c.open_by_category[static_cast<int>(Category::front_door)] = stock("open_front_door", "children at the front door (contacts being screened) at month end");
  c.open_by_category[static_cast<int>(Category::assessment)] = stock("open_assessment", "children in referral, assessment, S47 or awaiting conference at month end");
  c.open_by_category[static_cast<int>(Category::cin)] = stock("open_cin", "children on a Child in Need plan at month end");
  c.open_by_category[static_cast<int>(Category::cp)] = stock("open_cp", "children on a Child Protection plan at month end");
  c.open_by_category[static_cast<int>(Category::lac)] = stock("open_lac", "looked-after children (incl. care proceedings) at month end");
  c.open_by_category[static_cast<int>(Category::exit)] = kOutside;
  c.open_by_category[static_cast<int>(Category::leaving_care)] = kOutside;
  for (const auto& state : scenario_.pathway.states)
    if (state.holds_adults()) {
      c.open_by_category[static_cast<int>(Category::leaving_care)] =
          stock("open_leaving_care", "care leavers (young adults past the adulthood age) still supported at month end; not in open_total");
      break;
    }
  c.in_system = stock("in_system", "children anywhere in the pathway (open or at the front door) at month end");
  c.contacts = flow("contacts", "contacts received (children)");
  for (const auto& agency : scenario_.demand.agencies)
    c.contacts_by_agency.push_back(flow("contacts_" + agency.name, "contacts from " + agency.name));
  c.contacts_diverted = flow("contacts_diverted", "contacts diverted by a demand lever");
  c.referrals = flow("referrals", "referrals (children entering the referral state)");
  c.re_referrals = flow("re_referrals", "referrals within the re-referral window of the child's last closure");
  c.re_referral_share = ratio("re_referral_share", "re-referrals / referrals in the month");
  c.assessments_completed = flow("assessments_completed", "child and family assessments completed");
  c.cin_starts = flow("cin_starts", "children starting a CIN plan (from another category)");
  c.cp_starts = flow("cp_starts", "children starting a CP plan");
  c.cp_repeat_starts = flow("cp_repeat_starts", "CP plans started by children who had one before (in this run)");
  c.lac_starts = flow("lac_starts", "children becoming looked after");
  c.aged_out = flow("aged_out", "children who reached adulthood while open");
  c.children_entered = flow("children_entered", "children entering the pathway (contacts and re-referrals)");
  c.children_exited = flow("children_exited", "children leaving the pathway by any exit");
  const auto& states = scenario_.pathway.states;
  for (const auto& state : states) {
    if (state.is_exit()) {
      c.state_stock.push_back(kOutside);
      c.state_entries.push_back(flow("exits_" + state.name, "children leaving by " + state.label));
    } else {
      c.state_stock.push_back(stock("state_" + state.name, "children in " + state.label + " at month end"));
      c.state_entries.push_back(flow("entries_" + state.name, "children entering " + state.label));
    }
    // The ways out of care (exits, or the care leavers' states) get lac_exits_ columns.
    const auto index = static_cast<std::uint32_t>(&state - states.data());
    bool from_care = false;
    if (state.is_exit() || state.holds_adults())
      for (const auto& other : states) {
        if (other.category != Category::lac) continue;
        from_care = from_care || other.adulthood_exit == index;
        for (const auto& t : other.transitions) from_care = from_care || t.to == index;
      }
    c.lac_exits_by_state.push_back(
        from_care ? flow("lac_exits_" + state.name, "looked-after children leaving care by " + state.label) : kOutside);
    c.days_in_care_by_exit.push_back(
        from_care ? ratio("days_in_care_before_" + state.name,
                          "mean days from entering care to leaving it by " + state.label +
                              ", over the month's leavers (children in care at the start count from their current state)")
                  : kOutside);
  }
  if (scenario_.workforce->enabled) {
    const WorkforceConfig& w = *scenario_.workforce;
    c.sw_fte = stock("sw_fte", "social workers in post, full-time equivalent (part-time staff count their fraction), permanent and agency, excluding the bank");
    c.sw_headcount = stock("sw_headcount", "social workers in post (people), permanent and agency, excluding the bank");
    c.sw_agency_share = stock("sw_agency_share", "agency locums' share of the FTE in post, at month end (the DfE agency rate)");
    c.sw_posts = stock("sw_posts", "funded social worker posts (the establishment)");
    c.sw_vacancies = stock("sw_vacancies", "posts without a permanent worker (vacant or covered by a locum), as the DfE counts vacancies");
    c.sw_leavers = flow("sw_leavers", "permanent social workers leaving");
    c.sw_hires = flow("sw_hires", "permanent social workers starting (including from the bank)");
    c.sw_agency_starts = flow("sw_agency_starts", "agency locums starting");
    c.sw_agency_ends = flow("sw_agency_ends", "agency locums leaving");
    c.sw_absent = stock("sw_absent", "social workers off sick at month end (short or long term)");
    c.sw_bank = stock("sw_bank", "over-recruited permanent staff in the bank, waiting for a vacancy");
    c.team_managers = stock("team_managers", "team managers in post");
    c.locality_managers = stock("locality_managers", "locality managers (the scenario's count and its establishment changes)");
    c.business_support = stock("business_support", "business support staff: the scenario's ratio times funded social worker posts");
    c.caseload_mean = stock("caseload_mean", "mean number of children per social worker in post (per person, as councils report it)");
    c.caseload_per_fte = stock("caseload_per_fte", "children held per FTE social worker in post (the DfE's definition)");
    c.caseload_p10 = stock("caseload_p10", "10th percentile of caseloads (children per worker)");
    c.caseload_p90 = stock("caseload_p90", "90th percentile of caseloads (children per worker)");
    c.caseload_share_over_cap = stock("caseload_share_over_cap", "share of social workers above their caseload cap");
    c.caseload_share_over_threshold =
        stock("caseload_share_over_" + format_limit(w.caseload_report_threshold),
              "share of social workers with more than " + format_limit(w.caseload_report_threshold) + " children");
    c.asye_caseload_mean = stock("asye_caseload_mean", "mean caseload of newly qualified (ASYE) social workers");
    c.weighted_caseload_mean = stock("weighted_caseload_mean", "mean weighted caseload per social worker (case weights by state)");
    c.unallocated_total = stock("unallocated_total", "children waiting in a team's unallocated queue at month end");
    c.unallocated_cp = stock("unallocated_cp", "children on a CP plan waiting for a social worker at month end");
    c.unallocated_wait_days_mean = ratio("unallocated_wait_days_mean",
                                         "mean days from needing a social worker to being allocated one, over the month's allocations (0 when allocated at once)");
    c.worker_changes = flow("worker_changes", "changes of social worker (children moved to a different worker)");
    c.worker_changes_per_child = ratio("worker_changes_per_child", "mean changes of social worker over the journeys of the children who left in the month");
    c.supervision_coverage = stock("supervision_coverage", "share of social workers within their managers' span (1 manager to span_limit workers)");
    for (const auto& team : w.teams) {
      c.team_caseload_mean.push_back(stock("caseload_mean_" + team.name, "mean caseload in the " + team.name + " team(s)"));
      c.team_unallocated.push_back(stock("unallocated_" + team.name, "children waiting for a worker in the " + team.name + " team(s)"));
      c.team_sw_fte.push_back(stock("sw_fte_" + team.name, "social workers in post in the " + team.name + " team(s), FTE"));
    }
  }
  for (const auto& t : scenario_.timescales) {
    c.timescale_share.push_back(ratio(t.name + "_in_timescale_share",
                                      "share of " + t.name + " completed within " +
                                          format_limit(t.limit_working_days) + " working days of entering " +
                                          states[t.from_state].label));
  }
}

Model::~Model() = default;

namespace {

enum class EventKind : std::uint8_t {
  arrival, move, adulthood, re_referral,
  // workforce: the subject is a worker, a post, or an establishment change
  worker_leaves, permanent_hire, locum_arrives, bank_hire, short_absence_start, short_absence_end,
  long_absence_start, long_absence_end, progression, establishment_change
};

struct EventPayload {
  EventKind kind;
  std::uint32_t subject;  // a case index
};

struct Child {
  double birth = 0.0;
  double last_closure = -kNever;
  bool had_cp = false;
  std::uint16_t worker_changes = 0;
  std::int32_t last_worker = -1;
  double care_start = kNaN;  // when this episode in care began (NaN: not in care)
};

//! What entering or leaving one state involves, worked out once per
//! replication: enter() runs for every move, and re-deriving these from the
//! State, the timescales and the columns cost about a fifth of a peer run.
struct StateFacts {
  Category category = Category::exit;
  bool is_exit = false;
  bool is_referral = false;    // entering counts a referral
  bool is_assessment = false;  // leaving counts a completed assessment
  bool split_siblings = false;
  bool holds_adults = false;
  bool re_referral_eligible = false;
  std::uint32_t clocks_started = 0;  // bit i: entering starts timescale i's clock
  std::uint32_t clocks_stopped = 0;  // bit i: leaving stops timescale i's clock
  std::uint32_t entries_column = 0;
  std::uint32_t lac_exits_column = kOutside;     // kOutside: not a way out of care
  std::uint32_t days_in_care_column = kOutside;  // set with lac_exits_column
  //! A new contact can enter here before it has a case: entering changes
  //! nothing of its children (no referral, no plan start, no clock, no split,
  //! no worker) and every route's length is drawn, not read from their ages.
  bool enters_without_case = false;
};

//! The month that events are counted in, and its row of the result table.
//! The row is found once when the month is set (run() sets it per event)
//! instead of as month x metrics at each of the several counts an event makes.
class CountingMonth {
 public:
  explicit CountingMonth(MonthlyTable& table) : table_(table) {}
  CountingMonth& operator=(std::size_t month) {
    month_ = month;
    row_ = &table_.at(month, 0);
    return *this;
  }
  operator std::size_t() const { return month_; }
  double& cell(std::uint32_t metric) const { return row_[metric]; }

 private:
  MonthlyTable& table_;
  double* row_ = nullptr;
  std::size_t month_ = 0;
};

//! A contact's children are drawn before its case is made; larger families
//! (rare) get their case at once.
constexpr std::uint32_t kMaxChildrenBeforeCase = 8;

//! Children who move through the pathway together (a sibling group, or one child).
struct Case {
  boost::container::small_vector<std::uint32_t, 4> children;
  std::uint32_t state = kOutside;
  std::uint32_t next_state = kOutside;
  bool dormant = false;  // closed, waiting to be re-referred
  EventHandle move_event;
  double move_time = kNever;
  EventHandle adulthood_event;
  static_assert(kMaxTimescales == 4, "clock_start starts every clock stopped (NaN): one kNaN per timescale");
  std::array<double, kMaxTimescales> clock_start{kNaN, kNaN, kNaN, kNaN};
  // Allocation (workforce scenarios only).
  std::uint32_t locality = 0;
  std::int32_t worker = -1;        // allocated social worker
  std::uint32_t worker_slot = 0;   // position in the worker's case list
  double weight = 0.0;             // weighted caseload per child it counts for now
  std::int32_t queued_team = -1;   // team whose unallocated queue it is in
  std::uint32_t queue_token = 0;   // bumps on leaving a queue: stale queue entries are skipped
  double queued_since = 0.0;
};

struct Worker {
  std::uint32_t team = 0;  // team instance
  std::uint32_t grade = 0;
  std::int32_t post = -1;  // -1: in the bank, not in a team
  double fte = 1.0;        // fraction of full time
  double cap = 0.0;        // the grade's or team's cap, times fte
  bool agency = false;
  bool active = true;
  bool short_absent = false;
  bool long_absent = false;
  double load = 0.0;      // children
  double weighted = 0.0;  // weighted caseload
  std::vector<std::uint32_t> cases;
  EventHandle leave, short_absence, long_absence, progression;
};

struct Post {
  std::uint32_t team = 0;
  std::uint32_t grade = 0;
  std::int32_t worker = -1;
  bool funded = true;
  bool close_when_vacant = false;
  EventHandle hire, locum;
};

struct QueueEntry {
  std::uint32_t case_id;
  std::uint32_t token;
};

//! One team: a team spec in one locality (or the whole authority).
struct TeamRuntime {
  std::uint32_t spec = 0;
  std::uint32_t locality = 0;
  double managers = 0.0;
  std::vector<std::uint32_t> workers;            // in post, in order of joining
  std::array<std::deque<QueueEntry>, 5> queues;  // by queue rank: one per open category
  double queued_children = 0.0;
  std::array<double, kCategoryCount> queued_by_category{};
};

class Replication {
 public:
  // current_month_ points into result_: a copy would count into the original.
  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;
  Replication(const Model& model, const Model::Columns& columns, const std::vector<double>& month_starts,
              bool check_invariants, std::uint64_t index)
      : model_(model),
        scenario_(model.scenario()),
        pathway_(scenario_.pathway),
        calendar_(model.calendar()),
        c_(columns),
        month_starts_(month_starts),
        check_invariants_(check_invariants),
        demand_rng_(make_stream(scenario_.simulation.seed, scenario_.simulation.stream_set, index, StreamPurpose::demand)),
        routing_rng_(make_stream(scenario_.simulation.seed, scenario_.simulation.stream_set, index, StreamPurpose::routing)),
        duration_rng_(make_stream(scenario_.simulation.seed, scenario_.simulation.stream_set, index, StreamPurpose::durations)),
        warm_rng_(make_stream(scenario_.simulation.seed, scenario_.simulation.stream_set, index, StreamPurpose::warm_start)),
        workforce_rng_(make_stream(scenario_.simulation.seed, scenario_.simulation.stream_set, index, StreamPurpose::workforce)),
        wf_(*scenario_.workforce),
        state_count_(pathway_.states.size(), 0),
        category_count_(kCategoryCount, 0),
        ratio_numerator_(model.metrics().size(), 0.0),
        ratio_denominator_(model.metrics().size(), 0.0) {
    result_.replication = index;
    result_.table = MonthlyTable(static_cast<std::size_t>(model.months()) + 1, model.metrics().size());
    current_month_ = 0;  // finds the row in the table just made
    horizon_ = month_starts_.back();
    for (double m : scenario_.demand.seasonality) max_season_ = std::max(max_season_, m);
    const double growth_at_end = std::pow(1.0 + scenario_.demand.growth_per_year, horizon_ / kDaysPerYear);
    state_facts_.reserve(pathway_.states.size());
    for (std::uint32_t s = 0; s < pathway_.states.size(); ++s) {
      const State& state = pathway_.states[s];
      StateFacts f;
      f.category = state.category;
      f.is_exit = state.is_exit();
      f.is_referral = s == pathway_.referral;
      f.is_assessment = s == pathway_.assessment;
      f.split_siblings = state.split_siblings;
      f.holds_adults = state.holds_adults();
      f.re_referral_eligible = state.re_referral_eligible;
      for (std::size_t i = 0; i < scenario_.timescales.size(); ++i) {
        if (scenario_.timescales[i].from_state == s) f.clocks_started |= std::uint32_t{1} << i;
        if (scenario_.timescales[i].to_state == s) f.clocks_stopped |= std::uint32_t{1} << i;
      }
      f.entries_column = c_.state_entries[s];
      f.lac_exits_column = c_.lac_exits_by_state[s];
      f.days_in_care_column = c_.days_in_care_by_exit[s];
      f.enters_without_case = !workforce_on() && !f.is_exit && !f.is_referral && f.category != Category::cin &&
                              f.category != Category::cp && f.category != Category::lac && f.clocks_started == 0 &&
                              !f.split_siblings && !state.transitions.empty();
      for (const auto& t : state.transitions)
        f.enters_without_case = f.enters_without_case && t.duration.kind == DurationSpec::Kind::distribution;
      state_facts_.push_back(f);
    }
    mean_family_size_ = scenario_.children.family_size.mean();
    if (const auto* fixed = std::get_if<Distribution::Fixed>(&scenario_.children.family_size.params()))
      fixed_family_size_ = family_size_from(fixed->value);
    family_rate_per_day_ = scenario_.demand.contacts_per_year / kDaysPerYear / mean_family_size_;
    max_rate_ = family_rate_per_day_ * max_season_ * std::max(1.0, growth_at_end);
    agency_cumulative_.reserve(scenario_.demand.agencies.size());
    double total = 0.0;
    for (const auto& a : scenario_.demand.agencies) agency_cumulative_.push_back(total += a.share);
    // The seasonal rate of every day an arrival can fall on (t < horizon_),
    // so that a candidate arrival needs no calendar date.
    const auto days = static_cast<std::size_t>(std::ceil(horizon_)) + 1;
    seasonal_rate_by_day_.resize(days);
    for (std::size_t d = 0; d < days; ++d) {
      const unsigned month = static_cast<unsigned>(calendar_.date_at(static_cast<double>(d)).month()) - 1;
      seasonal_rate_by_day_[d] = family_rate_per_day_ * scenario_.demand.seasonality[month];
    }
    // Over the days an arrival can fall on (the table also holds the day after).
    const auto arrival_days = static_cast<std::ptrdiff_t>(std::ceil(horizon_));
    constant_rate_ = scenario_.demand.growth_per_year == 0.0 &&
                     std::all_of(seasonal_rate_by_day_.begin(), seasonal_rate_by_day_.begin() + arrival_days,
                                 [&](double r) { return r == max_rate_; });
  }

  ReplicationResult run() {
    if (workforce_on()) init_workforce();
    warm_start();
    if (workforce_on()) serve_pending_queues();
    record_month_end(0);
    schedule_next_arrival(0.0);
    current_month_ = 1;
    if (workforce_on()) workforce_month_start();
    std::size_t month = 1;
    const std::size_t months = month_starts_.size() - 1;
    double boundary = month_starts_[1];
    while (month <= months) {
      // The one pending arrival is kept out of the queue (half of all
      // events are arrivals) and merged here in (time, sequence) order.
      const bool arrival = queue_.precedes_next(next_arrival_, arrival_sequence_);
      const double t = arrival ? next_arrival_ : queue_.next_time();
      if (t >= boundary) {
        record_month_end(month);
        ++month;
        boundary = month <= months ? month_starts_[month] : kNever;
        if (month <= months && workforce_on()) {
          // The month's turnover draws may schedule events before the next
          // one in the queue, so look again after them.
          now_ = month_starts_[month - 1];
          current_month_ = month;
          workforce_month_start();
          serve_pending_queues();
        }
        continue;
      }
      ++result_.events;
      current_month_ = month;
      if (arrival) {
        now_ = next_arrival_;
        next_arrival_ = kNever;
        handle({EventKind::arrival, 0});
        continue;
      }
      const auto event = queue_.pop();
      now_ = event->time;
      // The next queued event's case is usually a cache miss; fetch it while
      // this event and the arrivals before it run.
      if (const EventPayload* next = queue_.peek_payload(); next && next->kind <= EventKind::re_referral)
        __builtin_prefetch(cases_.data() + next->subject);
      handle(event->payload);
    }
    return std::move(result_);
  }

 private:
  // ---- bookkeeping -------------------------------------------------------
  double& cell(std::uint32_t metric) { return current_month_.cell(metric); }
  void count(std::uint32_t metric, double n) { cell(metric) += n; }

  std::uint32_t new_child(double age_years) {
    std::uint32_t id;
    if (!free_children_.empty()) {
      id = free_children_.back();
      free_children_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(children_.size());
      children_.emplace_back();
    }
    children_[id] = Child{now_ - age_years * kDaysPerYear, -kNever, false};
    return id;
  }

  std::uint32_t new_case() {
    std::uint32_t id;
    if (!free_cases_.empty()) {
      id = free_cases_.back();
      free_cases_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(cases_.size());
      cases_.emplace_back();
    }
    // The queue token survives reuse, so stale queue entries of the case's
    // previous occupant never match it.
    Case& c = cases_[id];
    const std::uint32_t token = c.queue_token + 1;
    // Rebuilt in place by its member initializers: assigning a Case{}
    // temporary zeroed one on the stack and copied it over, stalling on store
    // forwarding (10% of a peer-model run), and Case{} or construct_at would
    // zero all 150 bytes before initialising them.
    std::destroy_at(&c);
    ::new (&c) Case;
    c.queue_token = token;
    return id;
  }

  void release_case(std::uint32_t id) {
    Case& c = cases_[id];
    queue_.cancel(c.move_event);
    queue_.cancel(c.adulthood_event);
    for (auto child : c.children) free_children_.push_back(child);
    c.children.clear();
    c.state = kOutside;
    free_cases_.push_back(id);
  }

  double adulthood_time(std::uint32_t child) const {
    return children_[child].birth + scenario_.children.adulthood_age * kDaysPerYear;
  }

  //! Working days from `start` to now; a warm-started clock may have begun
  //! before the calendar does, and that part is counted at 5 days in 7.
  double working_days_since(double start) const {
    if (start >= 0.0) return calendar_.working_days_between(start, now_);
    return calendar_.working_days_between(0.0, now_) - start / days_per_unit(TimeUnit::working_days);
  }

  //! Calendar time after `amount` of `unit` from `from`.
  double advance(double from, double amount, TimeUnit unit) const {
    if (unit == TimeUnit::working_days) {
      // Past the horizon nothing is reported, so the 7/5 average is enough
      // (and a draw of millions of working days stays within the calendar).
      const double approximate = from + amount * days_per_unit(unit);
      if (from > horizon_ + kCalendarMarginDays || approximate > horizon_ + kCalendarMarginDays) return approximate;
      return calendar_.add_working_days(std::max(from, 0.0), amount);
    }
    return from + amount * days_per_unit(unit);
  }

  double draw_end(const DurationSpec& d, double from, const Case& c) {
    if (d.kind == DurationSpec::Kind::until_age) {
      double youngest_birth = -kNever;
      for (auto child : c.children) youngest_birth = std::max(youngest_birth, children_[child].birth);
      return std::max(from, youngest_birth + d.age_years * kDaysPerYear);
    }
    return draw_distribution_end(d, from);
  }

  //! The end of a drawn (not until-age) duration begun at `from`.
  double draw_distribution_end(const DurationSpec& d, double from) {
    return advance(from, d.distribution.sample(duration_rng_), d.unit);
  }

  std::uint32_t draw_transition(const State& state) { return draw_transition(state, routing_rng_); }
  std::uint32_t draw_transition(const State& state, RandomEngine& rng) {
    // One way on: nothing to draw (a draw here would only move the stream on).
    const auto n = state.transitions.size();
    if (n == 1) return 0;
    const double u = uniform01(rng);
    double cumulative = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      cumulative += state.transitions[i].probability;
      if (u < cumulative) return static_cast<std::uint32_t>(i);
    }
    return static_cast<std::uint32_t>(n - 1);
  }

  // ---- moving children ---------------------------------------------------
  void leave_current_state(Case& c) {
    if (c.state == kOutside) return;
    const StateFacts& facts = state_facts_[c.state];
    const auto k = static_cast<std::int64_t>(c.children.size());
    state_count_[c.state] -= k;
    category_count_[static_cast<int>(facts.category)] -= k;
    if (facts.is_assessment) count(c_.assessments_completed, static_cast<double>(k));
    // Only the timescales whose clock stops here, in ascending order as before.
    for (std::uint32_t stops = facts.clocks_stopped; stops != 0; stops &= stops - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(stops));
      const Timescale& t = scenario_.timescales[i];
      if (std::isnan(c.clock_start[i])) continue;
      const double taken = working_days_since(c.clock_start[i]);
      ratio_denominator_[c_.timescale_share[i]] += static_cast<double>(k);
      if (taken <= t.limit_working_days + 1e-9) ratio_numerator_[c_.timescale_share[i]] += static_cast<double>(k);
      c.clock_start[i] = kNaN;
    }
  }

  //! Moves case `id` into state `s` now, following zero-length transitions
  //! until it rests in a state with a future move or leaves the pathway.
  void enter(std::uint32_t id, std::uint32_t s) {
    for (;;) {
      Case& c = cases_[id];
      const Category from = c.state == kOutside ? Category::exit : state_facts_[c.state].category;
      leave_current_state(c);
      const StateFacts& state = state_facts_[s];
      const auto k = static_cast<double>(c.children.size());
      count(state.entries_column, k);
      if (state.is_referral) {
        count(c_.referrals, k);
        ratio_denominator_[c_.re_referral_share] += k;
        for (auto child : c.children)
          if (now_ - children_[child].last_closure <= scenario_.children.re_referral_window_days) {
            count(c_.re_referrals, 1);
            ratio_numerator_[c_.re_referral_share] += 1;
          }
      }
      if (state.category != from) {
        switch (state.category) {
          case Category::cin: count(c_.cin_starts, k); break;
          case Category::cp:
            count(c_.cp_starts, k);
            for (auto child : c.children) {
              if (children_[child].had_cp) count(c_.cp_repeat_starts, 1);
              children_[child].had_cp = true;
            }
            break;
          case Category::lac:
            count(c_.lac_starts, k);
            for (auto child : c.children) children_[child].care_start = now_;
            break;
          default: break;
        }
      }
      for (std::uint32_t starts = state.clocks_started; starts != 0; starts &= starts - 1)
        c.clock_start[static_cast<std::size_t>(std::countr_zero(starts))] = now_;

      if (from == Category::lac && state.lac_exits_column != kOutside) {
        count(state.lac_exits_column, k);
        for (auto child : c.children) {
          ratio_numerator_[state.days_in_care_column] += now_ - children_[child].care_start;
          ratio_denominator_[state.days_in_care_column] += 1;
        }
      }
      if (state.is_exit) {
        exit_pathway(id, s);
        return;
      }
      c.state = s;
      state_count_[s] += static_cast<std::int64_t>(k);
      category_count_[static_cast<int>(state.category)] += static_cast<std::int64_t>(k);

      if (state.split_siblings && c.children.size() > 1) {
        split_and_route(id, s);
        return;
      }
      if (workforce_on() && !staff_case(id, s) && wf_.clock_waits_for_allocation) {
        schedule_adulthood(id, kNever);  // waits unallocated, but still grows up
        return;
      }
      if (const auto instant = plan_move(id, s); instant != kMoveScheduled) {
        s = instant;
        continue;
      }
      return;
    }
  }

  //! Draws the next move of case `id` resting in s and schedules it, returning
  //! kMoveScheduled; returns the next state instead when the move takes no time.
  //! (Not a std::optional: GCC returns one through memory, written in two
  //! parts and read back whole, a store-forwarding stall on every move.)
  std::uint32_t plan_move(std::uint32_t id, std::uint32_t s) {
    const State& state = pathway_.states[s];
    const Transition& transition = state.transitions[draw_transition(state)];
    double end = draw_end(transition.duration, now_, cases_[id]);
    if (end <= now_) return transition.to;
    if (workforce_on()) end = now_ + (end - now_) * drift_factor(id);
    schedule_move(id, transition.to, end);
    return kMoveScheduled;
  }

  void schedule_move(std::uint32_t id, std::uint32_t to, double when) {
    Case& c = cases_[id];
    c.next_state = to;
    c.move_time = when;
    c.move_event = queue_.schedule(when, {EventKind::move, id});
    schedule_adulthood(id, when);
  }

  //! Each sibling goes on alone from state s (already counted in s).
  void split_and_route(std::uint32_t id, std::uint32_t s) {
    if (workforce_on()) release(id);
    const auto siblings = cases_[id].children;
    const auto clocks = cases_[id].clock_start;
    const auto locality = cases_[id].locality;
    const auto k = static_cast<std::int64_t>(siblings.size());
    state_count_[s] -= k;
    category_count_[static_cast<int>(pathway_.states[s].category)] -= k;
    cases_[id].children.erase(cases_[id].children.begin() + 1, cases_[id].children.end());
    std::vector<std::uint32_t> ids{id};
    for (std::size_t i = 1; i < siblings.size(); ++i) {
      const std::uint32_t other = new_case();
      cases_[other].children.push_back(siblings[i]);
      cases_[other].clock_start = clocks;
      cases_[other].locality = locality;
      ids.push_back(other);
    }
    for (const auto one : ids) {
      Case& c = cases_[one];
      c.state = s;
      state_count_[s] += 1;
      category_count_[static_cast<int>(pathway_.states[s].category)] += 1;
      if (workforce_on() && !staff_case(one, s) && wf_.clock_waits_for_allocation) {
        schedule_adulthood(one, kNever);
        continue;
      }
      if (const auto instant = plan_move(one, s); instant != kMoveScheduled) enter(one, instant);
    }
  }

  void schedule_adulthood(std::uint32_t id, double move_time) {
    Case& c = cases_[id];
    queue_.cancel(c.adulthood_event);
    if (c.state != kOutside && state_facts_[c.state].holds_adults) return;
    double first = kNever;
    for (auto child : c.children) first = std::min(first, adulthood_time(child));
    first = std::max(first, now_);
    if (first < move_time) c.adulthood_event = queue_.schedule(first, {EventKind::adulthood, id});
  }

  void exit_pathway(std::uint32_t id, std::uint32_t exit_state) {
    if (workforce_on()) {
      release(id);
      for (auto child : cases_[id].children) {
        ratio_numerator_[c_.worker_changes_per_child] += children_[child].worker_changes;
        ratio_denominator_[c_.worker_changes_per_child] += 1;
      }
    }
    Case& c = cases_[id];
    const auto k = static_cast<double>(c.children.size());
    count(c_.children_exited, k);
    c.state = kOutside;
    for (auto child : c.children) children_[child].last_closure = now_;
    if (draws_re_referral(exit_state)) {
      await_re_referral(id);
      return;
    }
    release_case(id);
  }

  //! Whether children leaving by this exit are to be re-referred (a routing draw).
  bool draws_re_referral(std::uint32_t exit_state) {
    const auto& rr = scenario_.children;
    return state_facts_[exit_state].re_referral_eligible && rr.re_referral_probability > 0.0 &&
           uniform01(routing_rng_) < rr.re_referral_probability;
  }

  //! Case `id`, just closed, waits dormant for its re-referral.
  void await_re_referral(std::uint32_t id) {
    const auto& rr = scenario_.children;
    Case& c = cases_[id];
    queue_.cancel(c.move_event);
    queue_.cancel(c.adulthood_event);
    c.dormant = true;
    c.clock_start.fill(kNaN);
    const double when = advance(now_, rr.re_referral_delay.distribution.sample(duration_rng_), rr.re_referral_delay.unit);
    c.move_event = queue_.schedule(std::max(when, now_), {EventKind::re_referral, id});
  }

  // ---- events ------------------------------------------------------------
  void handle(const EventPayload& event) {
    switch (event.kind) {
      case EventKind::arrival: on_arrival(); break;
      case EventKind::move: {
        Case& c = cases_[event.subject];
        queue_.cancel(c.adulthood_event);
        enter(event.subject, c.next_state);
        break;
      }
      case EventKind::adulthood: on_adulthood(event.subject); break;
      case EventKind::re_referral: on_re_referral(event.subject); break;
      default: on_workforce_event(event); return;
    }
    if (workforce_on()) serve_pending_queues();
  }

  double arrival_rate(double t) const {
    double rate = seasonal_rate_by_day_[static_cast<std::size_t>(t)];  // 0 <= t < horizon_
    if (scenario_.demand.growth_per_year != 0.0) rate *= std::pow(1.0 + scenario_.demand.growth_per_year, t / kDaysPerYear);
    return rate;
  }

  //! Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979).
  void schedule_next_arrival(double from) {
    if (max_rate_ <= 0.0) return;
    double t = from;
    for (;;) {
      t += draw_exponential(demand_rng_, max_rate_);
      if (t >= horizon_) return;  // nothing after the horizon is reported
      // At a constant rate every candidate is accepted: no draw.
      if (constant_rate_ || uniform01(demand_rng_) * max_rate_ <= arrival_rate(t)) break;
    }
    // Takes the sequence number scheduling it would, so ties order as if queued.
    next_arrival_ = t;
    arrival_sequence_ = queue_.reserve_sequence();
  }

  //! The referring agency of a contact (no draw when there is only one).
  std::uint32_t draw_agency() {
    if (agency_cumulative_.size() == 1) return 0;
    const double u = uniform01(demand_rng_) * agency_cumulative_.back();
    return static_cast<std::uint32_t>(
        std::min<std::size_t>(std::upper_bound(agency_cumulative_.begin(), agency_cumulative_.end(), u) - agency_cumulative_.begin(),
                              agency_cumulative_.size() - 1));
  }

  static std::uint32_t family_size_from(double drawn) { return static_cast<std::uint32_t>(std::max(1.0, std::round(drawn))); }

  void on_arrival() {
    // A fixed family size draws nothing, so it is rounded once, not per contact.
    const std::uint32_t size =
        fixed_family_size_ > 0 ? fixed_family_size_ : family_size_from(scenario_.children.family_size.sample(demand_rng_));
    // Without a workforce (no locality to draw) the children's ages are only
    // drawn here: most contacts close at once, and need no case at all.
    const bool case_later = !workforce_on() && size <= kMaxChildrenBeforeCase;
    std::array<double, kMaxChildrenBeforeCase> ages;
    std::uint32_t id = kOutside;
    if (case_later) {
      for (std::uint32_t i = 0; i < size; ++i) ages[i] = scenario_.children.entry_age_years.sample(demand_rng_);
    } else {
      id = new_case();
      if (workforce_on()) cases_[id].locality = draw_locality(demand_rng_);
      for (std::uint32_t i = 0; i < size; ++i) {
        const std::uint32_t child = new_child(scenario_.children.entry_age_years.sample(demand_rng_));
        cases_[id].children.push_back(child);
      }
    }
    const auto agency = draw_agency();
    count(c_.contacts, size);
    count(c_.contacts_by_agency[agency], size);
    count(c_.children_entered, size);
    schedule_next_arrival(now_);

    std::uint32_t target = pathway_.entry;
    for (const auto& lever : scenario_.demand.levers) {
      if (now_ < lever.from_day || now_ >= lever.until_day) continue;
      if (!lever.agencies.empty() && std::find(lever.agencies.begin(), lever.agencies.end(), agency) == lever.agencies.end())
        continue;
      if (uniform01(routing_rng_) < lever.share) {
        count(c_.contacts_diverted, size);
        target = lever.to;
        break;
      }
    }
    if (case_later) {
      enter_new_contact(target, ages.data(), size);
      return;
    }
    enter(id, target);
  }

  //! A new contact's case, holding children of these ages (draws nothing).
  std::uint32_t open_case(const double* ages, std::uint32_t size) {
    const std::uint32_t id = new_case();
    for (std::uint32_t i = 0; i < size; ++i) {
      const std::uint32_t child = new_child(ages[i]);
      cases_[id].children.push_back(child);
    }
    return id;
  }

  //! enter() for a contact without a case yet: the same draws in the same
  //! order and the same counts, but a contact that leaves at once by an exit
  //! (and is not to be re-referred) never gets a case or child records, which
  //! it would give back at once. Nothing outside the case sees the difference:
  //! the free lists pop and push the same case id, and a child's record is
  //! rewritten whole when reused.
  void enter_new_contact(std::uint32_t target, const double* ages, std::uint32_t size) {
    const StateFacts& facts = state_facts_[target];
    const auto k = static_cast<double>(size);
    if (facts.is_exit && !facts.is_referral) {
      close_at_once(target, ages, size);
      return;
    }
    if (!facts.enters_without_case) {
      enter(open_case(ages, size), target);
      return;
    }
    // As enter() and plan_move() would for a case entering `target` from outside.
    count(facts.entries_column, k);
    const State& state = pathway_.states[target];
    const Transition& transition = state.transitions[draw_transition(state)];
    const double end = draw_distribution_end(transition.duration, now_);
    const StateFacts& next = state_facts_[transition.to];
    if (end <= now_ && next.is_exit && !next.is_referral) {
      if (facts.is_assessment) count(c_.assessments_completed, k);
      close_at_once(transition.to, ages, size);
      return;
    }
    const std::uint32_t id = open_case(ages, size);
    cases_[id].state = target;
    state_count_[target] += static_cast<std::int64_t>(size);
    category_count_[static_cast<int>(facts.category)] += static_cast<std::int64_t>(size);
    if (end <= now_) {
      enter(id, transition.to);
      return;
    }
    schedule_move(id, transition.to, end);
  }

  //! enter() and exit_pathway() for a contact without a case entering an exit
  //! (neither a referral nor a way out of care, as it was never in care).
  void close_at_once(std::uint32_t exit_state, const double* ages, std::uint32_t size) {
    const auto k = static_cast<double>(size);
    count(state_facts_[exit_state].entries_column, k);
    count(c_.children_exited, k);
    if (!draws_re_referral(exit_state)) return;
    const std::uint32_t id = open_case(ages, size);
    for (auto child : cases_[id].children) children_[child].last_closure = now_;
    await_re_referral(id);
  }

  void on_adulthood(std::uint32_t id) {
    Case& c = cases_[id];
    const std::uint32_t s = c.state;
    const std::uint32_t exit_state = pathway_.states[s].adulthood_exit;
    // Everyone in the group who is now an adult leaves; the rest go on.
    std::vector<std::uint32_t> adults;
    for (auto child : c.children)
      if (adulthood_time(child) <= now_ + 1e-9) adults.push_back(child);
    if (adults.size() == c.children.size()) {
      queue_.cancel(c.move_event);
      count(c_.aged_out, static_cast<double>(adults.size()));
      enter(id, exit_state);
      return;
    }
    const std::int32_t worker = cases_[id].worker, queued_team = cases_[id].queued_team;
    if (workforce_on()) release(id);
    const std::uint32_t leaving = new_case();
    Case& group = cases_[id];  // new_case may have reallocated
    cases_[leaving].locality = group.locality;
    for (auto child : adults) group.children.erase(std::find(group.children.begin(), group.children.end(), child));
    cases_[leaving].children.assign(adults.begin(), adults.end());
    cases_[leaving].state = s;
    cases_[leaving].clock_start = group.clock_start;
    count(c_.aged_out, static_cast<double>(adults.size()));
    if (workforce_on()) restaff_resized(id, worker, queued_team);
    enter(leaving, exit_state);
    schedule_adulthood(id, cases_[id].move_time);
  }

  void on_re_referral(std::uint32_t id) {
    Case& c = cases_[id];
    c.dormant = false;
    // Children who have grown up meanwhile are no longer children's social care's.
    const auto grown_up = std::remove_if(c.children.begin(), c.children.end(), [&](std::uint32_t child) {
      if (adulthood_time(child) > now_) return false;
      free_children_.push_back(child);
      return true;
    });
    c.children.erase(grown_up, c.children.end());
    if (c.children.empty()) {
      release_case(id);
      return;
    }
    count(c_.children_entered, static_cast<double>(c.children.size()));
    enter(id, pathway_.referral);
  }

  // ---- workforce ---------------------------------------------------------
  bool workforce_on() const { return wf_.enabled; }

  std::uint32_t team_instance(std::uint32_t spec, std::uint32_t locality) const {
    return team_base_[spec] + (wf_.teams[spec].per_locality ? locality : 0);
  }

  double grade_cap(std::uint32_t grade, std::uint32_t team) const {
    const double grade_cap = wf_.grades[grade].caseload_cap;
    const double team_cap = wf_.teams[teams_[team].spec].caseload_cap;
    return grade_cap > 0 ? std::min(grade_cap, team_cap) : team_cap;
  }

  //! A worker's cap in their grade and team, scaled by their hours.
  double capacity(const Worker& w) const { return grade_cap(w.grade, w.team) * w.fte; }

  double sample_days(const DurationSpec& d, RandomEngine& rng) {
    return advance(now_, d.distribution.sample(rng), d.unit) - now_;
  }

  void init_workforce() {
    teams_.clear();
    for (std::uint32_t spec = 0; spec < wf_.teams.size(); ++spec) {
      team_base_.push_back(static_cast<std::uint32_t>(teams_.size()));
      const std::uint32_t copies = wf_.teams[spec].per_locality ? static_cast<std::uint32_t>(wf_.localities.size()) : 1;
      for (std::uint32_t l = 0; l < copies; ++l) {
        TeamRuntime team;
        team.spec = spec;
        team.locality = l;
        team.managers = wf_.teams[spec].managers;
        teams_.push_back(std::move(team));
      }
    }
    const std::uint32_t qualified = qualified_grade();
    for (std::uint32_t t = 0; t < teams_.size(); ++t) {
      const TeamSpec& spec = wf_.teams[teams_[t].spec];
      for (std::uint32_t g = 0; g < wf_.grades.size(); ++g) {
        const auto workers = static_cast<int>(spec.workers_by_grade[g]);
        for (int i = 0; i < workers; ++i) {
          if (wf_.grades[g].agency) {
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
          const std::uint32_t post = new_post(t, wf_.grades[g].agency ? qualified : g);
          start_recruitment(post, true);
        }
      }
    }
    for (int i = 0; i < wf_.bank_size; ++i) bank_.push_back(new_worker(qualified, 0, -1, true));
    locality_managers_ = wf_.locality_managers;
    for (std::uint32_t i = 0; i < wf_.establishment.size(); ++i)
      queue_.schedule(wf_.establishment[i].day, {EventKind::establishment_change, i});
  }

  //! The grade locums stand in for and the bank recruits: the scenario's
  //! qualified grade, else the first permanent, not newly qualified grade.
  std::uint32_t qualified_grade() const {
    return wf_.qualified_grade >= 0 ? static_cast<std::uint32_t>(wf_.qualified_grade) : first_permanent_grade();
  }

  std::uint32_t first_permanent_grade() const {
    for (std::uint32_t g = 0; g < wf_.grades.size(); ++g)
      if (!wf_.grades[g].agency && !wf_.grades[g].newly_qualified) return g;
    return 0;
  }

  std::uint32_t new_post(std::uint32_t team, std::uint32_t grade) {
    posts_.push_back(Post{team, grade, -1, true, false, {}, {}});
    return static_cast<std::uint32_t>(posts_.size() - 1);
  }

  //! A worker record; `at_start` workers are part-way through their time
  //! (progression and tenure drawn as for a worker found in post).
  std::uint32_t new_worker(std::uint32_t grade, std::uint32_t team, std::int32_t post, bool at_start) {
    Worker w;
    w.team = team;
    w.grade = grade;
    w.post = post;
    w.agency = wf_.grades[grade].agency;
    // Drawn only when the scenario has part-time staff, so scenarios without
    // keep their workforce stream unchanged.
    if (!w.agency && wf_.part_time_share > 0 && uniform01(workforce_rng_) < wf_.part_time_share) w.fte = wf_.part_time_fte;
    w.cap = capacity(w);
    workers_.push_back(std::move(w));
    const auto id = static_cast<std::uint32_t>(workers_.size() - 1);
    const bool is_agency = workers_[id].agency;
    const GradeSpec& g = wf_.grades[grade];
    if (g.progresses_to >= 0) {
      const double after = at_start ? uniform01(workforce_rng_) * g.progress_after_days : g.progress_after_days;
      workers_[id].progression = queue_.schedule(now_ + after, {EventKind::progression, id});
    }
    if (is_agency) {
      const DurationSpec& d = wf_.agency_tenure;
      // A locum found in post has served a uniform share of a length-biased tenure.
      const double units = at_start ? d.distribution.sample_length_biased(workforce_rng_) * uniform01(workforce_rng_)
                                    : d.distribution.sample(workforce_rng_);
      workers_[id].leave = queue_.schedule(advance(now_, units, d.unit), {EventKind::worker_leaves, id});
    }
    schedule_absences(id);
    return id;
  }

  void start_worker(std::uint32_t post, std::uint32_t grade, bool at_start) {
    const std::uint32_t team = posts_[post].team;
    const std::uint32_t id = new_worker(grade, team, static_cast<std::int32_t>(post), at_start);
    posts_[post].worker = static_cast<std::int32_t>(id);
    teams_[team].workers.push_back(id);
    if (!at_start) {
      count(workers_[id].agency ? c_.sw_agency_starts : c_.sw_hires, 1);
      draw_departure(id, month_end_time());
    }
  }

  //! Sickness episodes a day for this worker: the scenario's rates are per FTE.
  double short_absence_rate(const Worker& w) const {
    return wf_.short_sickness_days_per_fte_month / (kDaysPerYear / 12.0) / std::max(1e-9, wf_.short_sickness_episode.mean_days()) * w.fte;
  }
  double long_absence_rate(const Worker& w) const { return wf_.long_term_absences_per_fte_year / kDaysPerYear * w.fte; }

  void schedule_absences(std::uint32_t id) {
    Worker& w = workers_[id];
    if (wf_.short_sickness_days_per_fte_month > 0)
      w.short_absence = queue_.schedule(now_ + exponential(short_absence_rate(w)), {EventKind::short_absence_start, id});
    if (wf_.long_term_absences_per_fte_year > 0)
      w.long_absence = queue_.schedule(now_ + exponential(long_absence_rate(w)), {EventKind::long_absence_start, id});
  }

  double exponential(double rate) { return draw_exponential(workforce_rng_, rate); }

  double month_end_time() const {
    return current_month_ < month_starts_.size() ? month_starts_[std::min<std::size_t>(current_month_, month_starts_.size() - 1)] : horizon_;
  }

  //! Locums as a share of funded posts if one more started. The cap is on
  //! posts, so leavers cannot push it over: only new locums are limited.
  double agency_share_of_posts_if_added() const {
    double posts = 0, agency = 0;
    for (const auto& p : posts_) {
      if (!p.funded) continue;
      posts += 1;
      agency += p.worker >= 0 && workers_[static_cast<std::uint32_t>(p.worker)].agency;
    }
    return posts > 0 ? (agency + 1) / posts : kNever;
  }

  //! A vacant post: a bank worker moves in at once if there is one; otherwise
  //! permanent recruitment starts and a locum is sought while it runs.
  void start_recruitment(std::uint32_t post, bool seek_locum) {
    Post& p = posts_[post];
    if (!p.funded) return;
    if (p.worker < 0 && !bank_.empty()) {
      const std::uint32_t id = bank_.front();
      bank_.pop_front();
      Worker& w = workers_[id];
      w.team = p.team;
      w.post = static_cast<std::int32_t>(post);
      w.cap = capacity(w);
      p.worker = static_cast<std::int32_t>(id);
      teams_[p.team].workers.push_back(id);
      count(c_.sw_hires, 1);
      queue_.cancel(p.hire);
      queue_.cancel(p.locum);
      queue_.schedule(now_ + sample_days(wf_.time_to_hire, workforce_rng_), {EventKind::bank_hire, 0});
      fill_queue(p.team);
      return;
    }
    if (!queue_.is_pending(p.hire))
      p.hire = queue_.schedule(now_ + sample_days(wf_.time_to_hire, workforce_rng_), {EventKind::permanent_hire, post});
    if (seek_locum) seek_locum_for(post);
  }

  void seek_locum_for(std::uint32_t post) {
    Post& p = posts_[post];
    if (p.worker >= 0 || !p.funded || queue_.is_pending(p.locum) || wf_.agency_share_cap <= 0) return;
    p.locum = queue_.schedule(now_ + sample_days(wf_.agency_lag, workforce_rng_), {EventKind::locum_arrives, post});
  }

  std::uint32_t agency_grade() const {
    for (std::uint32_t g = 0; g < wf_.grades.size(); ++g)
      if (wf_.grades[g].agency) return g;
    return 0;
  }

  void on_locum_arrives(std::uint32_t post) {
    Post& p = posts_[post];
    if (p.worker >= 0 || !p.funded) return;
    // Over the agency cap: try again at the next month start.
    if (agency_share_of_posts_if_added() > wf_.agency_share_cap + 1e-12) {
      locum_waiting_.push_back(post);
      return;
    }
    start_worker(post, agency_grade(), false);
    fill_queue(p.team);
  }

  void on_permanent_hire(std::uint32_t post) {
    Post& p = posts_[post];
    if (!p.funded) return;
    const std::int32_t locum = p.worker;
    if (locum >= 0 && !workers_[static_cast<std::uint32_t>(locum)].agency) return;
    queue_.cancel(p.locum);
    std::uint32_t grade = p.grade;
    if (static_cast<int>(grade) == wf_.qualified_grade && wf_.newly_qualified_grade >= 0 &&
        uniform01(workforce_rng_) < wf_.newly_qualified_share)
      grade = static_cast<std::uint32_t>(wf_.newly_qualified_grade);
    const std::uint32_t team = p.team;
    // The starter joins before the locum goes, so the locum's children can pass to them.
    start_worker(post, grade, false);
    const std::int32_t starter = posts_[post].worker;
    if (locum >= 0) {
      remove_worker(static_cast<std::uint32_t>(locum), false);
      posts_[post].worker = starter;
    }
    fill_queue(team);
  }

  //! A worker leaves the team (left the authority, a locum's contract ended,
  //! or a locum replaced by a permanent starter): their children are
  //! re-allocated, and the post is recruited to unless `replaced`.
  void remove_worker(std::uint32_t id, bool recruit) {
    Worker& w = workers_[id];
    if (!w.active) return;
    w.active = false;
    queue_.cancel(w.leave);
    queue_.cancel(w.short_absence);
    queue_.cancel(w.long_absence);
    queue_.cancel(w.progression);
    count(w.agency ? c_.sw_agency_ends : c_.sw_leavers, 1);
    auto& members = teams_[w.team].workers;
    members.erase(std::find(members.begin(), members.end(), id));
    const std::int32_t post = w.post;
    if (post >= 0) posts_[static_cast<std::uint32_t>(post)].worker = -1;
    reallocate_cases_of(id);
    if (post < 0) return;
    Post& p = posts_[static_cast<std::uint32_t>(post)];
    if (p.close_when_vacant) {
      p.funded = false;
      queue_.cancel(p.hire);
      queue_.cancel(p.locum);
      return;
    }
    if (recruit) start_recruitment(static_cast<std::uint32_t>(post), true);
  }

  void reallocate_cases_of(std::uint32_t id) {
    std::vector<std::uint32_t> cases;
    cases.swap(workers_[id].cases);
    workers_[id].load = workers_[id].weighted = 0;
    for (auto case_id : cases) {
      cases_[case_id].worker = -1;
      allocate(case_id, team_instance(static_cast<std::uint32_t>(wf_.team_of_state[cases_[case_id].state]), cases_[case_id].locality));
    }
  }

  //! Draws whether a permanent worker leaves before `until`, with the hazard
  //! as it stands now (re-drawn each month, so the hazard is piecewise constant).
  void draw_departure(std::uint32_t id, double until) {
    Worker& w = workers_[id];
    if (w.agency || !w.active || wf_.annual_turnover <= 0) return;
    const TeamRuntime& team = teams_[w.team];
    const double excess = w.cap > 0 ? std::max(0.0, w.load / w.cap - 1.0) : 0.0;
    const double missed = 1.0 - supervision_coverage(team);
    const double hazard = wf_.annual_turnover * (1 + wf_.caseload_elasticity * excess) *
                          (1 + wf_.supervision_elasticity * missed) / kDaysPerYear;
    const double when = now_ + exponential(hazard);
    if (when < until) {
      queue_.cancel(w.leave);
      w.leave = queue_.schedule(when, {EventKind::worker_leaves, id});
    }
  }

  double supervision_coverage(const TeamRuntime& team) const {
    const double n = static_cast<double>(team.workers.size());
    return n > 0 ? std::min(1.0, wf_.span_limit * team.managers / n) : 1.0;
  }

  //! Start of month m: turnover draws for the month, and locums for posts that
  //! were waiting under the agency cap.
  void workforce_month_start() {
    const double until = month_end_time();
    for (const auto& team : teams_)
      for (auto id : team.workers)
        if (!queue_.is_pending(workers_[id].leave)) draw_departure(id, until);
    std::vector<std::uint32_t> waiting;
    waiting.swap(locum_waiting_);
    for (auto post : waiting) on_locum_arrives(post);
  }

  bool available(const TeamRuntime& team, std::size_t rank, const Worker& w) const {
    if (w.short_absent || w.long_absent) return false;
    if (wf_.span_excess == SpanExcess::undeployable && static_cast<double>(rank) >= wf_.span_limit * team.managers) return false;
    return true;
  }

  //! The worker with the least weighted caseload (as a share of their cap,
  //! or as it is, as the scenario balances) who has room for k more children;
  //! when nobody has room and the scenario lets work go over cap, the least
  //! loaded available worker; -1 if none. One pass finds both: teams over
  //! their caps (the default scenario) used to be scanned twice.
  std::int32_t choose_worker(std::uint32_t team_id, double k) const {
    const TeamRuntime& team = teams_[team_id];
    std::int32_t best_with_room = -1, best_any = -1;
    double with_room_load = kNever, any_load = kNever;
    for (std::size_t rank = 0; rank < team.workers.size(); ++rank) {
      const std::uint32_t id = team.workers[rank];
      const Worker& w = workers_[id];
      if (!available(team, rank, w)) continue;
      const double load = wf_.balance == Balance::share_of_cap ? w.weighted / w.cap : w.weighted;
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
    return wf_.when_full == WhenFull::over_cap ? best_any : -1;
  }

  void assign(std::uint32_t case_id, std::uint32_t worker_id) {
    Case& c = cases_[case_id];
    Worker& w = workers_[worker_id];
    const auto k = static_cast<double>(c.children.size());
    c.worker = static_cast<std::int32_t>(worker_id);
    c.worker_slot = static_cast<std::uint32_t>(w.cases.size());
    c.weight = wf_.weight_by_state[c.state];
    w.cases.push_back(case_id);
    w.load += k;
    w.weighted += k * c.weight;
    for (auto child : c.children) {
      Child& ch = children_[child];
      if (ch.last_worker >= 0 && ch.last_worker != static_cast<std::int32_t>(worker_id)) {
        ++ch.worker_changes;
        count(c_.worker_changes, 1);
      }
      ch.last_worker = static_cast<std::int32_t>(worker_id);
    }
  }

  //! Takes a case off its worker's list and out of any queue.
  void release(std::uint32_t case_id) {
    Case& c = cases_[case_id];
    if (c.queued_team >= 0) {
      TeamRuntime& team = teams_[static_cast<std::uint32_t>(c.queued_team)];
      const auto k = static_cast<double>(c.children.size());
      team.queued_children -= k;
      team.queued_by_category[static_cast<int>(pathway_.states[c.state].category)] -= k;
      c.queued_team = -1;
      ++c.queue_token;
    }
    if (c.worker < 0) return;
    const auto worker_id = static_cast<std::uint32_t>(c.worker);
    Worker& w = workers_[worker_id];
    const std::uint32_t slot = c.worker_slot;
    w.cases[slot] = w.cases.back();
    cases_[w.cases[slot]].worker_slot = slot;
    w.cases.pop_back();
    const auto k = static_cast<double>(c.children.size());
    w.load -= k;
    w.weighted -= k * c.weight;
    c.worker = -1;
    if (w.active) pending_fill_.push_back(w.team);
  }

  //! Allocates a case needing team `team_id` now, or queues it. Returns true
  //! when allocated.
  bool allocate(std::uint32_t case_id, std::uint32_t team_id) {
    const auto k = static_cast<double>(cases_[case_id].children.size());
    const std::int32_t worker = choose_worker(team_id, k);
    if (worker >= 0) {
      assign(case_id, static_cast<std::uint32_t>(worker));
      ratio_denominator_[c_.unallocated_wait_days_mean] += k;  // waited 0 days
      return true;
    }
    Case& c = cases_[case_id];
    TeamRuntime& team = teams_[team_id];
    const Category category = pathway_.states[c.state].category;
    c.queued_team = static_cast<std::int32_t>(team_id);
    c.queued_since = now_;
    team.queues[static_cast<std::size_t>(wf_.queue_rank[static_cast<int>(category)])].push_back({case_id, c.queue_token});
    team.queued_children += k;
    team.queued_by_category[static_cast<int>(category)] += k;
    return false;
  }

  //! Serves a team's unallocated queue, highest priority and longest waiting
  //! first, while a worker has room.
  void fill_queue(std::uint32_t team_id) {
    std::vector<std::uint32_t> started;
    for (;;) {
      TeamRuntime& team = teams_[team_id];
      if (team.queued_children <= 0) break;
      std::deque<QueueEntry>* queue = nullptr;
      for (auto& q : team.queues) {
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
      team.queued_children -= k;
      team.queued_by_category[static_cast<int>(pathway_.states[c.state].category)] -= k;
      c.queued_team = -1;
      ++c.queue_token;
      ratio_numerator_[c_.unallocated_wait_days_mean] += k * (now_ - c.queued_since);
      ratio_denominator_[c_.unallocated_wait_days_mean] += k;
      assign(case_id, static_cast<std::uint32_t>(worker));
      if (!queue_.is_pending(c.move_event)) started.push_back(case_id);
    }
    // Work that was waiting for a worker starts now (outside the loop: starting
    // it may move cases and serve queues again).
    for (auto case_id : started)
      if (cases_[case_id].worker >= 0 && !queue_.is_pending(cases_[case_id].move_event))
        if (const auto instant = plan_move(case_id, cases_[case_id].state); instant != kMoveScheduled)
          enter(case_id, instant);
  }

  void serve_pending_queues() {
    while (!pending_fill_.empty()) {
      const std::uint32_t team = pending_fill_.back();
      pending_fill_.pop_back();
      fill_queue(team);
    }
  }

  //! Gets a case in state s a worker from the state's team: keeps its worker
  //! when continuity allows, else allocates or queues. Returns false when the
  //! case waits unallocated.
  bool staff_case(std::uint32_t case_id, std::uint32_t s) {
    Case& c = cases_[case_id];
    const int spec = wf_.team_of_state[s];
    if (spec < 0) {
      release(case_id);
      return true;
    }
    const std::uint32_t team = team_instance(static_cast<std::uint32_t>(spec), c.locality);
    if (c.worker >= 0 && wf_.continuity && workers_[static_cast<std::uint32_t>(c.worker)].team == team &&
        workers_[static_cast<std::uint32_t>(c.worker)].active) {
      Worker& w = workers_[static_cast<std::uint32_t>(c.worker)];
      const auto k = static_cast<double>(c.children.size());
      w.weighted += k * (wf_.weight_by_state[s] - c.weight);
      c.weight = wf_.weight_by_state[s];
      ratio_denominator_[c_.unallocated_wait_days_mean] += k;
      return true;
    }
    release(case_id);
    return allocate(case_id, team);
  }

  //! Multiplier on durations from practice drift: work takes longer when the
  //! worker is over their cap.
  double drift_factor(std::uint32_t case_id) const {
    if (!workforce_on() || wf_.drift_elasticity <= 0 || cases_[case_id].worker < 0) return 1.0;
    const Worker& w = workers_[static_cast<std::uint32_t>(cases_[case_id].worker)];
    return 1.0 + wf_.drift_elasticity * std::max(0.0, w.load / w.cap - 1.0);
  }

  void on_workforce_event(const EventPayload& event) {
    const std::uint32_t id = event.subject;
    switch (event.kind) {
      case EventKind::worker_leaves: remove_worker(id, true); break;
      case EventKind::permanent_hire: on_permanent_hire(id); break;
      case EventKind::locum_arrives: on_locum_arrives(id); break;
      case EventKind::bank_hire:
        bank_.push_back(new_worker(qualified_grade(), 0, -1, false));
        count(c_.sw_hires, 1);
        break;
      case EventKind::short_absence_start: {
        Worker& w = workers_[id];
        w.short_absent = true;
        w.short_absence = queue_.schedule(now_ + sample_days(wf_.short_sickness_episode, workforce_rng_), {EventKind::short_absence_end, id});
        break;
      }
      case EventKind::short_absence_end: {
        Worker& w = workers_[id];
        w.short_absent = false;
        w.short_absence = queue_.schedule(now_ + exponential(short_absence_rate(w)), {EventKind::short_absence_start, id});
        if (w.post >= 0) fill_queue(w.team);
        break;
      }
      case EventKind::long_absence_start: {
        workers_[id].long_absent = true;
        workers_[id].long_absence = queue_.schedule(now_ + sample_days(wf_.long_term_absence, workforce_rng_), {EventKind::long_absence_end, id});
        if (wf_.long_term_reallocates) reallocate_cases_of(id);
        break;
      }
      case EventKind::long_absence_end: {
        Worker& w = workers_[id];
        w.long_absent = false;
        w.long_absence = queue_.schedule(now_ + exponential(long_absence_rate(w)), {EventKind::long_absence_start, id});
        if (w.post >= 0) fill_queue(w.team);
        break;
      }
      case EventKind::progression: {
        Worker& w = workers_[id];
        const GradeSpec& g = wf_.grades[w.grade];
        w.grade = static_cast<std::uint32_t>(g.progresses_to);
        w.cap = capacity(w);
        const GradeSpec& next = wf_.grades[w.grade];
        if (next.progresses_to >= 0) w.progression = queue_.schedule(now_ + next.progress_after_days, {EventKind::progression, id});
        if (w.post >= 0) fill_queue(w.team);
        break;
      }
      case EventKind::establishment_change: apply_establishment(wf_.establishment[id]); break;
      default: break;
    }
    serve_pending_queues();
  }

  void apply_establishment(const EstablishmentChange& change) {
    locality_managers_ = std::max(0.0, locality_managers_ + change.locality_managers);
    if (!change.team_change) return;
    for (std::uint32_t t = 0; t < teams_.size(); ++t) {
      if (teams_[t].spec != change.team) continue;
      teams_[t].managers = std::max(0.0, teams_[t].managers + change.managers);
      for (int i = 0; i < change.posts; ++i) {
        const std::uint32_t post = new_post(t, change.grade);
        if (change.locum_first) {
          if (!bank_.empty()) {
            start_recruitment(post, false);
            continue;
          }
          posts_[post].locum = queue_.schedule(now_ + sample_days(wf_.agency_lag, workforce_rng_), {EventKind::locum_arrives, post});
          posts_[post].hire = queue_.schedule(now_ + sample_days(wf_.time_to_hire, workforce_rng_), {EventKind::permanent_hire, post});
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
            post.funded = false;
            queue_.cancel(post.hire);
            queue_.cancel(post.locum);
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
      fill_queue(t);
    }
  }

  void record_workforce(std::size_t month) {
    auto& table = result_.table;
    std::vector<double> loads;
    double in_post = 0, fte = 0, agency_fte = 0, absent = 0, weighted = 0, over_cap = 0, over_threshold = 0, asye_load = 0, asye = 0;
    double managers = 0, supervised = 0;
    std::vector<double> team_load(wf_.teams.size(), 0), team_workers(wf_.teams.size(), 0), team_fte(wf_.teams.size(), 0),
        team_queue(wf_.teams.size(), 0);
    double queued = 0, queued_cp = 0;
    for (const auto& team : teams_) {
      managers += team.managers;
      supervised += std::min(static_cast<double>(team.workers.size()), wf_.span_limit * team.managers);
      queued += team.queued_children;
      queued_cp += team.queued_by_category[static_cast<int>(Category::cp)];
      team_queue[team.spec] += team.queued_children;
      for (auto id : team.workers) {
        const Worker& w = workers_[id];
        loads.push_back(w.load);
        in_post += 1;
        fte += w.fte;
        agency_fte += w.agency ? w.fte : 0.0;
        absent += (w.short_absent || w.long_absent);
        weighted += w.weighted;
        over_cap += w.load > w.cap + 1e-9;
        over_threshold += w.load > wf_.caseload_report_threshold + 1e-9;
        if (wf_.grades[w.grade].newly_qualified) {
          asye += 1;
          asye_load += w.load;
        }
        team_load[team.spec] += w.load;
        team_workers[team.spec] += 1;
        team_fte[team.spec] += w.fte;
      }
    }
    auto share = [](double part, double whole) { return whole > 0 ? part / whole : kNaN; };
    double posts = 0, vacancies = 0;
    for (const auto& p : posts_) {
      if (!p.funded) continue;
      posts += 1;
      vacancies += p.worker < 0 || workers_[static_cast<std::uint32_t>(p.worker)].agency;
    }
    table.at(month, c_.sw_fte) = fte;
    table.at(month, c_.sw_headcount) = in_post;
    const double children_held = std::accumulate(loads.begin(), loads.end(), 0.0);
    table.at(month, c_.caseload_per_fte) = share(children_held, fte);
    table.at(month, c_.locality_managers) = locality_managers_;
    table.at(month, c_.business_support) = wf_.business_support_per_post * posts;
    table.at(month, c_.sw_posts) = posts;
    table.at(month, c_.sw_vacancies) = vacancies;
    table.at(month, c_.sw_absent) = absent;
    table.at(month, c_.sw_bank) = static_cast<double>(bank_.size());
    table.at(month, c_.team_managers) = managers;
    table.at(month, c_.caseload_mean) = share(children_held, in_post);
    table.at(month, c_.weighted_caseload_mean) = share(weighted, in_post);
    table.at(month, c_.caseload_share_over_cap) = share(over_cap, in_post);
    table.at(month, c_.caseload_share_over_threshold) = share(over_threshold, in_post);
    table.at(month, c_.asye_caseload_mean) = share(asye_load, asye);
    table.at(month, c_.supervision_coverage) = share(supervised, in_post);
    table.at(month, c_.unallocated_total) = queued;
    table.at(month, c_.unallocated_cp) = queued_cp;
    table.at(month, c_.caseload_p10) = percentile(loads, 0.10);
    table.at(month, c_.caseload_p90) = percentile(loads, 0.90);
    table.at(month, c_.sw_agency_share) = share(agency_fte, fte);
    for (std::size_t t = 0; t < wf_.teams.size(); ++t) {
      table.at(month, c_.team_caseload_mean[t]) = share(team_load[t], team_workers[t]);
      table.at(month, c_.team_unallocated[t]) = team_queue[t];
      table.at(month, c_.team_sw_fte[t]) = team_fte[t];
    }
  }

  static double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return kNaN;
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
  }


  //! After children leave a group (adulthood), its worker's load or its
  //! place in the queue follows the smaller group.
  void restaff_resized(std::uint32_t id, std::int32_t worker, std::int32_t queued_team) {
    if (worker >= 0) {
      assign(id, static_cast<std::uint32_t>(worker));
    } else if (queued_team >= 0) {
      if (allocate(id, static_cast<std::uint32_t>(queued_team)) && !queue_.is_pending(cases_[id].move_event))
        if (const auto instant = plan_move(id, cases_[id].state); instant != kMoveScheduled) enter(id, instant);
    }
  }

  //! An opening case that finds no worker waits like any other: its work
  //! resumes, with a fresh duration, when it is allocated.
  void staff_opening_case(std::uint32_t id, std::uint32_t s) {
    if (!workforce_on()) return;
    if (!staff_case(id, s) && wf_.clock_waits_for_allocation) {
      queue_.cancel(cases_[id].move_event);
      queue_.cancel(cases_[id].adulthood_event);
      cases_[id].move_time = kNever;
      schedule_adulthood(id, kNever);
    }
  }

  std::uint32_t draw_locality(RandomEngine& rng) {
    if (wf_.localities.size() <= 1) return 0;
    double u = uniform01(rng);
    for (std::uint32_t l = 0; l + 1 < wf_.localities.size(); ++l) {
      if (u < wf_.locality_shares[l]) return l;
      u -= wf_.locality_shares[l];
    }
    return static_cast<std::uint32_t>(wf_.localities.size() - 1);
  }

  // ---- warm start --------------------------------------------------------
  void warm_start();

  // ---- month ends --------------------------------------------------------
  void record_month_end(std::size_t month) {
    auto& table = result_.table;
    std::int64_t open = 0, in_system = 0;
    for (int cat = 0; cat < kCategoryCount; ++cat) {
      const auto category = static_cast<Category>(cat);
      if (category == Category::exit) continue;
      if (c_.open_by_category[cat] != kOutside) table.at(month, c_.open_by_category[cat]) = static_cast<double>(category_count_[cat]);
      in_system += category_count_[cat];
      if (category != Category::front_door && category != Category::leaving_care) open += category_count_[cat];
    }
    table.at(month, c_.open_total) = static_cast<double>(open);
    if (workforce_on()) record_workforce(month);
    table.at(month, c_.in_system) = static_cast<double>(in_system);
    for (std::size_t s = 0; s < pathway_.states.size(); ++s)
      if (c_.state_stock[s] != kOutside) table.at(month, c_.state_stock[s]) = static_cast<double>(state_count_[s]);
    const auto& metrics = model_.metrics();
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      if (metrics[m].kind == MetricKind::stock) continue;
      if (month == 0) {
        table.at(0, m) = kNaN;  // flows and ratios have no opening value
      } else if (metrics[m].kind == MetricKind::ratio) {
        table.at(month, m) = ratio_denominator_[m] > 0 ? ratio_numerator_[m] / ratio_denominator_[m] : kNaN;
        ratio_numerator_[m] = ratio_denominator_[m] = 0.0;
      }
    }
    if (check_invariants_) check_invariants(month);
  }

  void check_invariants(std::size_t month) const {
    auto fail = [&](const std::string& what) {
      throw std::logic_error("invariant broken at month " + std::to_string(month) + ": " + what);
    };
    std::vector<std::int64_t> counted(pathway_.states.size(), 0);
    std::vector<std::uint8_t> seen(children_.size(), 0);
    for (const auto& c : cases_) {
      if (c.state == kOutside) continue;
      if (pathway_.states[c.state].is_exit()) fail("a case rests in an exit state");
      counted[c.state] += static_cast<std::int64_t>(c.children.size());
      for (auto child : c.children) {
        if (seen[child]++) fail("child " + std::to_string(child) + " is in two cases");
      }
    }
    for (std::size_t s = 0; s < counted.size(); ++s) {
      if (state_count_[s] < 0) fail("negative count in state " + pathway_.states[s].name);
      if (counted[s] != state_count_[s]) fail("count of state " + pathway_.states[s].name + " disagrees with its cases");
    }
    if (workforce_on()) check_workforce_invariants(fail);
    // Conservation: opening + entered - exited = in the system now.
    double entered = 0, exited = 0;
    const auto& table = result_.table;
    for (std::size_t m = 1; m <= month; ++m) {
      entered += table.at(m, c_.children_entered);
      exited += table.at(m, c_.children_exited);
    }
    if (table.at(0, c_.in_system) + entered - exited != table.at(month, c_.in_system))
      fail("children not conserved: opening + entered - exited != in the system");
  }

  template <class Fail>
  void check_workforce_invariants(const Fail& fail) const {
    std::vector<double> load(workers_.size(), 0.0);
    std::vector<double> queued(teams_.size(), 0.0);
    for (std::size_t id = 0; id < cases_.size(); ++id) {
      const Case& c = cases_[id];
      if (c.state == kOutside) {
        if (c.worker >= 0 || c.queued_team >= 0) fail("a closed case still has a worker or a queue place");
        continue;
      }
      const int spec = wf_.team_of_state[c.state];
      if (spec < 0) continue;
      const std::uint32_t team = team_instance(static_cast<std::uint32_t>(spec), c.locality);
      const auto k = static_cast<double>(c.children.size());
      if (c.worker >= 0) {
        const Worker& w = workers_[static_cast<std::uint32_t>(c.worker)];
        if (!w.active) fail("a child is allocated to a worker who has left");
        if (w.team != team) fail("a child in " + pathway_.states[c.state].name + " is allocated to a worker of another team");
        if (w.cases[c.worker_slot] != id) fail("a worker's case list disagrees with the case");
        load[static_cast<std::uint32_t>(c.worker)] += k;
      } else if (c.queued_team == static_cast<std::int32_t>(team)) {
        queued[team] += k;
      } else {
        fail("a child in " + pathway_.states[c.state].name + " has neither a worker nor a place in its team's queue");
      }
    }
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      if (std::fabs(load[w] - workers_[w].load) > 1e-9) fail("worker " + std::to_string(w) + "'s caseload disagrees with their cases");
      if (workers_[w].load < -1e-9) fail("negative caseload");
      if (wf_.when_full == WhenFull::queue && workers_[w].load > workers_[w].cap + 1e-9)
        fail("worker " + std::to_string(w) + " is above the caseload cap, which the scenario does not allow");
    }
    for (std::size_t t = 0; t < teams_.size(); ++t)
      if (std::fabs(queued[t] - teams_[t].queued_children) > 1e-9) fail("a team's unallocated count disagrees with its queue");
  }

  const Model& model_;
  const Scenario& scenario_;
  const Pathway& pathway_;
  const WorkingCalendar& calendar_;
  const Model::Columns& c_;
  const std::vector<double>& month_starts_;
  bool check_invariants_;
  RandomEngine demand_rng_, routing_rng_, duration_rng_, warm_rng_, workforce_rng_;
  const WorkforceConfig& wf_;
  std::vector<TeamRuntime> teams_;
  std::vector<std::uint32_t> team_base_;
  std::vector<Worker> workers_;
  std::vector<Post> posts_;
  std::deque<std::uint32_t> bank_;
  double locality_managers_ = 0.0;
  std::vector<std::uint32_t> locum_waiting_;
  std::vector<std::uint32_t> pending_fill_;
  EventQueue<EventPayload> queue_;
  std::vector<Child> children_;
  std::vector<std::uint32_t> free_children_;
  std::vector<Case> cases_;
  std::vector<std::uint32_t> free_cases_;
  std::vector<StateFacts> state_facts_;  // per state
  std::vector<std::int64_t> state_count_;
  std::vector<std::int64_t> category_count_;
  std::vector<double> ratio_numerator_, ratio_denominator_;
  std::vector<double> agency_cumulative_;
  ReplicationResult result_;
  double now_ = 0.0;
  CountingMonth current_month_{result_.table};  // after result_
  double horizon_ = 0.0;
  double max_season_ = 0.0;
  double mean_family_size_ = 1.0;
  std::uint32_t fixed_family_size_ = 0;  // > 0: the family size is this constant
  double family_rate_per_day_ = 0.0;
  double max_rate_ = 0.0;
  bool constant_rate_ = false;  // no seasonality, no growth: thinning accepts every candidate
  std::vector<double> seasonal_rate_by_day_;  // family_rate_per_day_ x the day's seasonality
  double next_arrival_ = kNever;              // the pending arrival, outside queue_
  std::uint64_t arrival_sequence_ = 0;
};


void Replication::warm_start() {
  now_ = 0.0;
  current_month_ = 0;
  const auto& kids = scenario_.children;
  const double adult_days = kids.adulthood_age * kDaysPerYear;
  constexpr int kMaxTries = 10000;

  // Ages now, given the time already spent in the state: entry age + elapsed,
  // redrawn until every child is still under age (the child would otherwise
  // have left already).
  auto draw_ages = [&](std::size_t k, double elapsed_days, std::vector<double>& ages) {
    ages.resize(k);
    for (auto& age : ages) {
      int tries = 0;
      do {
        age = kids.entry_age_years.sample(warm_rng_) + elapsed_days / kDaysPerYear;
      } while (age * kDaysPerYear >= adult_days && ++tries < 100);
      age = std::min(age, kids.adulthood_age - 1.0 / kDaysPerYear);
    }
  };

  auto place = [&](std::uint32_t s, const std::vector<double>& ages, double elapsed_days) -> std::uint32_t {
    const std::uint32_t id = new_case();
    for (double age : ages) cases_[id].children.push_back(new_child(age));
    Case& c = cases_[id];
    // Only the time in the current state is known: a lower bound on the time in care.
    if (pathway_.states[s].category == Category::lac)
      for (auto child : c.children) children_[child].care_start = -elapsed_days;
    if (workforce_on()) c.locality = draw_locality(warm_rng_);
    c.state = s;
    state_count_[s] += static_cast<std::int64_t>(ages.size());
    category_count_[static_cast<int>(pathway_.states[s].category)] += static_cast<std::int64_t>(ages.size());
    for (std::size_t i = 0; i < scenario_.timescales.size(); ++i) {
      const Timescale& t = scenario_.timescales[i];
      if (t.from_state == s || t.to_state == s) c.clock_start[i] = -elapsed_days;
    }
    return id;
  };

  std::vector<double> ages;
  for (const auto& [s, total] : scenario_.warm_start.open_by_state) {
    const State& state = pathway_.states[s];
    // Care leavers came in at the adulthood age exactly; children at an age
    // drawn from the entry-age distribution.
    const bool adults = state.holds_adults();
    const double mean_entry_age = adults ? kids.adulthood_age : kids.entry_age_years.mean();
    // In a stationary system the cases found in a state are length-biased:
    // route j holds a share proportional to p_j * E[D_j], and the spell in
    // progress has the size-biased length, of which a uniform share has passed.
    std::vector<double> weights;
    double weight_total = 0.0;
    for (const auto& t : state.transitions) {
      const double mean = t.duration.kind == DurationSpec::Kind::until_age
                              ? std::max(0.0, t.duration.age_years - mean_entry_age) * kDaysPerYear
                              : t.duration.mean_days();
      weights.push_back(weight_total += t.probability * mean);
    }
    auto remaining = static_cast<std::int64_t>(total);
    while (remaining > 0) {
      const auto k = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(remaining), std::max(1.0, std::round(kids.family_size.sample(warm_rng_)))));
      remaining -= static_cast<std::int64_t>(k);
      std::size_t route = 0;
      if (weight_total > 0.0) {
        const double u = uniform01(warm_rng_) * weight_total;
        route = static_cast<std::size_t>(std::upper_bound(weights.begin(), weights.end(), u) - weights.begin());
        route = std::min(route, weights.size() - 1);
      } else {
        route = draw_transition(state, warm_rng_);
      }
      const Transition& t = state.transitions[route];
      double remaining_days = 0.0, elapsed_days = 0.0;
      if (t.duration.kind == DurationSpec::Kind::until_age) {
        // Each child on a stay-until-A route is found at its own point: a
        // child who came in at age a stays A - a years, so accept an entry age
        // with probability (A - a) / A. (Drawn per child: an older sibling's
        // stay is shorter, and sharing the youngest's draw would over-state
        // the older children found in care.)
        const double limit = t.duration.age_years;
        for (std::size_t child = 0; child < k; ++child) {
          double entry = kids.adulthood_age;
          for (int tries = 0; !adults && tries < kMaxTries; ++tries) {
            entry = kids.entry_age_years.sample(warm_rng_);
            if (entry < limit && uniform01(warm_rng_) * limit < limit - entry) break;
          }
          const double stay_days = std::max(0.0, limit - entry) * kDaysPerYear;
          elapsed_days = uniform01(warm_rng_) * stay_days;
          remaining_days = stay_days - elapsed_days;
          ages.assign(1, entry + elapsed_days / kDaysPerYear);
          const std::uint32_t id = place(s, ages, elapsed_days);
          schedule_move(id, t.to, std::max(remaining_days, 1e-9));
          staff_opening_case(id, s);
        }
        continue;
      }
      const double total_units = t.duration.distribution.sample_length_biased(warm_rng_);
      const double elapsed_units = uniform01(warm_rng_) * total_units;
      elapsed_days = elapsed_units * days_per_unit(t.duration.unit);
      if (adults) {
        ages.assign(k, kids.adulthood_age + elapsed_days / kDaysPerYear);
      } else {
        draw_ages(k, elapsed_days, ages);
      }
      const std::uint32_t id = place(s, ages, elapsed_days);
      const double end = advance(0.0, total_units - elapsed_units, t.duration.unit);
      schedule_move(id, t.to, std::max(end, 1e-9));
      staff_opening_case(id, s);
    }
  }

  // Children closed in the months before the start who will be re-referred:
  // found part-way through a length-biased re-referral delay.
  {
    const DurationSpec& delay = kids.re_referral_delay;
    auto remaining = static_cast<std::int64_t>(scenario_.warm_start.re_referrals_pending);
    while (remaining > 0) {
      const auto k = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(remaining), std::max(1.0, std::round(kids.family_size.sample(warm_rng_)))));
      remaining -= static_cast<std::int64_t>(k);
      const double total_units = delay.distribution.sample_length_biased(warm_rng_);
      const double elapsed_units = uniform01(warm_rng_) * total_units;
      const double elapsed_days = elapsed_units * days_per_unit(delay.unit);
      draw_ages(k, elapsed_days, ages);
      const std::uint32_t id = new_case();
      for (double age : ages) {
        const std::uint32_t child = new_child(age);
        children_[child].last_closure = -elapsed_days;
        cases_[id].children.push_back(child);
      }
      if (workforce_on()) cases_[id].locality = draw_locality(warm_rng_);
      cases_[id].dormant = true;
      const double when = advance(0.0, total_units - elapsed_units, delay.unit);
      cases_[id].move_event = queue_.schedule(std::max(when, 1e-9), {EventKind::re_referral, id});
    }
  }

  // A case-level extract: the route and the time left are drawn given the time
  // already spent, i.e. from the durations conditioned on exceeding it.
  for (const auto& initial : scenario_.warm_start.cases) {
    const State& state = pathway_.states[initial.state];
    const std::uint32_t id = place(initial.state, initial.ages_years, initial.days_in_state);
    std::uint32_t route = 0;
    double end = 0.0;
    for (int tries = 0; tries < kMaxTries; ++tries) {
      route = draw_transition(state, warm_rng_);
      const DurationSpec& d = state.transitions[route].duration;
      if (d.kind == DurationSpec::Kind::until_age) {
        end = draw_end(d, 0.0, cases_[id]);
        break;
      }
      const double units = d.distribution.sample(warm_rng_);
      const double elapsed_units = initial.days_in_state / days_per_unit(d.unit);
      if (units > elapsed_units) {
        end = advance(0.0, units - elapsed_units, d.unit);
        break;
      }
      // Overdue on every draw: the case leaves on its next draw's route at once.
      end = 0.0;
    }
    schedule_move(id, state.transitions[route].to, std::max(end, 1e-9));
    staff_opening_case(id, initial.state);
  }
}

}  // namespace

ReplicationResult Model::run(std::uint64_t index) const {
  Replication replication(*this, *columns_, month_starts_, options_.check_invariants, index);
  return replication.run();
}

}  // namespace caseflow
