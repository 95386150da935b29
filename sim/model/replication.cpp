#include "caseflow/model/replication.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <boost/container/small_vector.hpp>

#include "caseflow/engine/event_queue.h"
#include "caseflow/engine/random.h"

namespace caseflow {

namespace {
constexpr std::uint32_t kOutside = std::numeric_limits<std::uint32_t>::max();
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
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
  std::vector<std::uint32_t> lac_exits_by_state;  // per exit state; kOutside for non-exits
  std::vector<std::uint32_t> timescale_share;
};

namespace {
std::string format_limit(double days) {
  std::ostringstream out;
  out << days;
  return out.str();
}
}  // namespace

Model::Model(Scenario scenario, ModelOptions options) : scenario_(std::move(scenario)), options_(options) {
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
      // Only the exits a looked-after child can take get a lac_exits_ column.
      const auto index = static_cast<std::uint32_t>(&state - states.data());
      bool from_care = false;
      for (const auto& other : states) {
        if (other.category != Category::lac) continue;
        from_care = from_care || other.adulthood_exit == index;
        for (const auto& t : other.transitions) from_care = from_care || t.to == index;
      }
      c.lac_exits_by_state.push_back(
          from_care ? flow("lac_exits_" + state.name, "looked-after children leaving care by " + state.label) : kOutside);
    } else {
      c.state_stock.push_back(stock("state_" + state.name, "children in " + state.label + " at month end"));
      c.state_entries.push_back(flow("entries_" + state.name, "children entering " + state.label));
      c.lac_exits_by_state.push_back(kOutside);
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

enum class EventKind : std::uint8_t { arrival, move, adulthood, re_referral };

struct EventPayload {
  EventKind kind;
  std::uint32_t subject;  // a case index
};

struct Child {
  double birth = 0.0;
  double last_closure = -kNever;
  bool had_cp = false;
};

constexpr std::size_t kMaxTimescales = 4;

//! Children who move through the pathway together (a sibling group, or one child).
struct Case {
  boost::container::small_vector<std::uint32_t, 4> children;
  std::uint32_t state = kOutside;
  std::uint32_t next_state = kOutside;
  bool dormant = false;  // closed, waiting to be re-referred
  EventHandle move_event;
  double move_time = kNever;
  EventHandle adulthood_event;
  std::array<double, kMaxTimescales> clock_start{kNaN, kNaN, kNaN, kNaN};
};

class Replication {
 public:
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
        state_count_(pathway_.states.size(), 0),
        category_count_(kCategoryCount, 0),
        ratio_numerator_(model.metrics().size(), 0.0),
        ratio_denominator_(model.metrics().size(), 0.0) {
    result_.replication = index;
    result_.table = MonthlyTable(static_cast<std::size_t>(model.months()) + 1, model.metrics().size());
    horizon_ = month_starts_.back();
    for (double m : scenario_.demand.seasonality) max_season_ = std::max(max_season_, m);
    const double growth_at_end = std::pow(1.0 + scenario_.demand.growth_per_year, horizon_ / kDaysPerYear);
    mean_family_size_ = scenario_.children.family_size.mean();
    family_rate_per_day_ = scenario_.demand.contacts_per_year / kDaysPerYear / mean_family_size_;
    max_rate_ = family_rate_per_day_ * max_season_ * std::max(1.0, growth_at_end);
    agency_cumulative_.reserve(scenario_.demand.agencies.size());
    double total = 0.0;
    for (const auto& a : scenario_.demand.agencies) agency_cumulative_.push_back(total += a.share);
  }

  ReplicationResult run() {
    warm_start();
    record_month_end(0);
    schedule_next_arrival(0.0);
    std::size_t month = 1;
    const std::size_t months = month_starts_.size() - 1;
    double boundary = month_starts_[1];
    for (;;) {
      const double t = queue_.next_time();
      while (t >= boundary && month <= months) {
        record_month_end(month);
        ++month;
        boundary = month <= months ? month_starts_[month] : kNever;
      }
      if (month > months) break;
      const auto event = queue_.pop();
      now_ = event->time;
      ++result_.events;
      current_month_ = month;
      handle(event->payload);
    }
    return std::move(result_);
  }

 private:
  // ---- bookkeeping -------------------------------------------------------
  double& cell(std::uint32_t metric) { return result_.table.at(current_month_, metric); }
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
    cases_[id] = Case{};
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
      if (from > horizon_ + kCalendarMarginDays) return from + amount * days_per_unit(unit);
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
    return advance(from, d.distribution.sample(duration_rng_), d.unit);
  }

  std::uint32_t draw_transition(const State& state) { return draw_transition(state, routing_rng_); }
  std::uint32_t draw_transition(const State& state, RandomEngine& rng) {
    const double u = uniform01(rng);
    double cumulative = 0.0;
    const auto n = state.transitions.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
      cumulative += state.transitions[i].probability;
      if (u < cumulative) return static_cast<std::uint32_t>(i);
    }
    return static_cast<std::uint32_t>(n - 1);
  }

  // ---- moving children ---------------------------------------------------
  void leave_current_state(Case& c) {
    if (c.state == kOutside) return;
    const auto k = static_cast<std::int64_t>(c.children.size());
    state_count_[c.state] -= k;
    category_count_[static_cast<int>(pathway_.states[c.state].category)] -= k;
    if (c.state == pathway_.assessment) count(c_.assessments_completed, static_cast<double>(k));
    for (std::size_t i = 0; i < scenario_.timescales.size(); ++i) {
      const Timescale& t = scenario_.timescales[i];
      if (c.state != t.to_state || std::isnan(c.clock_start[i])) continue;
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
      const Category from = c.state == kOutside ? Category::exit : pathway_.states[c.state].category;
      leave_current_state(c);
      const State& state = pathway_.states[s];
      const auto k = static_cast<double>(c.children.size());
      count(c_.state_entries[s], k);
      if (s == pathway_.referral) {
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
          case Category::lac: count(c_.lac_starts, k); break;
          default: break;
        }
      }
      for (std::size_t i = 0; i < scenario_.timescales.size(); ++i)
        if (scenario_.timescales[i].from_state == s) c.clock_start[i] = now_;

      if (state.is_exit()) {
        if (from == Category::lac && c_.lac_exits_by_state[s] != kOutside) count(c_.lac_exits_by_state[s], k);
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
      if (const auto instant = plan_move(id, s)) {
        s = *instant;
        continue;
      }
      return;
    }
  }

  //! Draws the next move of case `id` resting in s and schedules it; returns
  //! the next state instead when the move takes no time.
  std::optional<std::uint32_t> plan_move(std::uint32_t id, std::uint32_t s) {
    const State& state = pathway_.states[s];
    const Transition& transition = state.transitions[draw_transition(state)];
    const double end = draw_end(transition.duration, now_, cases_[id]);
    if (end <= now_) return transition.to;
    schedule_move(id, transition.to, end);
    return std::nullopt;
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
    const auto siblings = cases_[id].children;
    const auto clocks = cases_[id].clock_start;
    const auto k = static_cast<std::int64_t>(siblings.size());
    state_count_[s] -= k;
    category_count_[static_cast<int>(pathway_.states[s].category)] -= k;
    cases_[id].children.resize(1);
    std::vector<std::uint32_t> ids{id};
    for (std::size_t i = 1; i < siblings.size(); ++i) {
      const std::uint32_t other = new_case();
      cases_[other].children.push_back(siblings[i]);
      cases_[other].clock_start = clocks;
      ids.push_back(other);
    }
    for (const auto one : ids) {
      Case& c = cases_[one];
      c.state = s;
      state_count_[s] += 1;
      category_count_[static_cast<int>(pathway_.states[s].category)] += 1;
      if (const auto instant = plan_move(one, s)) enter(one, *instant);
    }
  }

  void schedule_adulthood(std::uint32_t id, double move_time) {
    Case& c = cases_[id];
    double first = kNever;
    for (auto child : c.children) first = std::min(first, adulthood_time(child));
    first = std::max(first, now_);
    if (first < move_time) c.adulthood_event = queue_.schedule(first, {EventKind::adulthood, id});
  }

  void exit_pathway(std::uint32_t id, std::uint32_t exit_state) {
    Case& c = cases_[id];
    const auto k = static_cast<double>(c.children.size());
    count(c_.children_exited, k);
    c.state = kOutside;
    for (auto child : c.children) children_[child].last_closure = now_;
    const auto& rr = scenario_.children;
    if (pathway_.states[exit_state].re_referral_eligible && rr.re_referral_probability > 0.0 &&
        uniform01(routing_rng_) < rr.re_referral_probability) {
      queue_.cancel(c.move_event);
      queue_.cancel(c.adulthood_event);
      c.dormant = true;
      c.clock_start.fill(kNaN);
      const double when = advance(now_, rr.re_referral_delay.distribution.sample(duration_rng_), rr.re_referral_delay.unit);
      c.move_event = queue_.schedule(std::max(when, now_), {EventKind::re_referral, id});
      return;
    }
    release_case(id);
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
    }
  }

  double arrival_rate(double t) const {
    const Date date = calendar_.date_at(t);
    const unsigned month = static_cast<unsigned>(date.month()) - 1;
    double rate = family_rate_per_day_ * scenario_.demand.seasonality[month];
    if (scenario_.demand.growth_per_year != 0.0) rate *= std::pow(1.0 + scenario_.demand.growth_per_year, t / kDaysPerYear);
    return rate;
  }

  //! Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979).
  void schedule_next_arrival(double from) {
    if (max_rate_ <= 0.0) return;
    double t = from;
    for (;;) {
      t += -std::log1p(-uniform01(demand_rng_)) / max_rate_;
      if (t >= horizon_) return;  // nothing after the horizon is reported
      if (uniform01(demand_rng_) * max_rate_ <= arrival_rate(t)) break;
    }
    queue_.schedule(t, {EventKind::arrival, 0});
  }

  void on_arrival() {
    const auto size = static_cast<std::uint32_t>(std::max(1.0, std::round(scenario_.children.family_size.sample(demand_rng_))));
    const std::uint32_t id = new_case();
    for (std::uint32_t i = 0; i < size; ++i) {
      const std::uint32_t child = new_child(scenario_.children.entry_age_years.sample(demand_rng_));
      cases_[id].children.push_back(child);
    }
    const double u = uniform01(demand_rng_) * agency_cumulative_.back();
    const auto agency = static_cast<std::uint32_t>(
        std::min<std::size_t>(std::upper_bound(agency_cumulative_.begin(), agency_cumulative_.end(), u) - agency_cumulative_.begin(),
                              agency_cumulative_.size() - 1));
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
    enter(id, target);
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
    const std::uint32_t leaving = new_case();
    Case& group = cases_[id];  // new_case may have reallocated
    for (auto child : adults) group.children.erase(std::find(group.children.begin(), group.children.end(), child));
    cases_[leaving].children.assign(adults.begin(), adults.end());
    cases_[leaving].state = s;
    cases_[leaving].clock_start = group.clock_start;
    count(c_.aged_out, static_cast<double>(adults.size()));
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

  // ---- warm start --------------------------------------------------------
  void warm_start();

  // ---- month ends --------------------------------------------------------
  void record_month_end(std::size_t month) {
    auto& table = result_.table;
    std::int64_t open = 0, in_system = 0;
    for (int cat = 0; cat < kCategoryCount; ++cat) {
      if (static_cast<Category>(cat) == Category::exit) continue;
      table.at(month, c_.open_by_category[cat]) = static_cast<double>(category_count_[cat]);
      in_system += category_count_[cat];
      if (static_cast<Category>(cat) != Category::front_door) open += category_count_[cat];
    }
    table.at(month, c_.open_total) = static_cast<double>(open);
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

  const Model& model_;
  const Scenario& scenario_;
  const Pathway& pathway_;
  const WorkingCalendar& calendar_;
  const Model::Columns& c_;
  const std::vector<double>& month_starts_;
  bool check_invariants_;
  RandomEngine demand_rng_, routing_rng_, duration_rng_, warm_rng_;
  EventQueue<EventPayload> queue_;
  std::vector<Child> children_;
  std::vector<std::uint32_t> free_children_;
  std::vector<Case> cases_;
  std::vector<std::uint32_t> free_cases_;
  std::vector<std::int64_t> state_count_;
  std::vector<std::int64_t> category_count_;
  std::vector<double> ratio_numerator_, ratio_denominator_;
  std::vector<double> agency_cumulative_;
  ReplicationResult result_;
  double now_ = 0.0;
  std::size_t current_month_ = 0;
  double horizon_ = 0.0;
  double max_season_ = 0.0;
  double mean_family_size_ = 1.0;
  double family_rate_per_day_ = 0.0;
  double max_rate_ = 0.0;
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
    // In a stationary system the cases found in a state are length-biased:
    // route j holds a share proportional to p_j * E[D_j], and the spell in
    // progress has the size-biased length, of which a uniform share has passed.
    std::vector<double> weights;
    double weight_total = 0.0;
    for (const auto& t : state.transitions) {
      const double mean = t.duration.kind == DurationSpec::Kind::until_age
                              ? std::max(0.0, t.duration.age_years - kids.entry_age_years.mean()) * kDaysPerYear
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
        // Length bias for "until age A": a child who came in at age a stays
        // A - a years, so accept an entry age with probability (A - a) / A.
        const double limit = t.duration.age_years;
        double entry = 0.0;
        for (int tries = 0; tries < kMaxTries; ++tries) {
          entry = kids.entry_age_years.sample(warm_rng_);
          if (entry < limit && uniform01(warm_rng_) * limit < limit - entry) break;
        }
        const double stay_days = std::max(0.0, limit - entry) * kDaysPerYear;
        elapsed_days = uniform01(warm_rng_) * stay_days;
        remaining_days = stay_days - elapsed_days;
        ages.assign(k, entry + elapsed_days / kDaysPerYear);
        if (k > 1) {  // older siblings: drawn as usual, but never past the limit
          std::vector<double> others;
          draw_ages(k - 1, elapsed_days, others);
          for (std::size_t i = 1; i < k; ++i) ages[i] = std::max(ages[0], std::min(others[i - 1], kids.adulthood_age - 1.0 / kDaysPerYear));
        }
        const std::uint32_t id = place(s, ages, elapsed_days);
        schedule_move(id, t.to, std::max(remaining_days, 1e-9));
        continue;
      }
      const double total_units = t.duration.distribution.sample_length_biased(warm_rng_);
      const double elapsed_units = uniform01(warm_rng_) * total_units;
      elapsed_days = elapsed_units * days_per_unit(t.duration.unit);
      draw_ages(k, elapsed_days, ages);
      const std::uint32_t id = place(s, ages, elapsed_days);
      const double end = advance(0.0, total_units - elapsed_units, t.duration.unit);
      schedule_move(id, t.to, std::max(end, 1e-9));
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
  }
}

}  // namespace

ReplicationResult Model::run(std::uint64_t index) const {
  Replication replication(*this, *columns_, month_starts_, options_.check_invariants, index);
  return replication.run();
}

}  // namespace caseflow
