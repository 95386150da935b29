#include "caseflow/model/arrivals.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <variant>

#include "caseflow/model/allocation.h"
#include "caseflow/model/cases.h"
#include "caseflow/model/pathway_flow.h"

namespace caseflow::model {

Arrivals::Shared Arrivals::Shared::prepare(const Scenario& scenario, const WorkingCalendar& calendar, double horizon,
                                           MetricRegistry& metrics) {
  const Demand& demand = scenario.demand;
  Shared s;
  s.contacts = metrics.flow("contacts", "contacts that reached the front door (children); those a demand lever diverted are in contacts_diverted");
  for (const auto& agency : demand.agencies)
    s.contacts_by_agency.push_back(metrics.flow("contacts_" + agency.name, "contacts from " + agency.name + " that reached the front door"));
  s.contacts_diverted = metrics.flow("contacts_diverted", "contacts a demand lever sent elsewhere (not in contacts): contacts + contacts_diverted is all contacts made");

  double max_season = 0.0;
  for (double m : demand.seasonality) max_season = std::max(max_season, m);
  const double growth_at_end = std::pow(1.0 + demand.growth_per_year, horizon / kDaysPerYear);
  const double mean_family_size = scenario.children.family_size.mean();
  if (const auto* fixed = std::get_if<Distribution::Fixed>(&scenario.children.family_size.params()))
    s.fixed_family_size = family_size_from(fixed->value);
  const double family_rate_per_day = demand.contacts_per_year / kDaysPerYear / mean_family_size;
  s.max_rate = family_rate_per_day * max_season * std::max(1.0, growth_at_end);
  double total = 0.0;
  for (const auto& a : demand.agencies) s.agency_cumulative.push_back(total += a.share);
  // The seasonal rate of every day an arrival can fall on (t < horizon), so
  // that a candidate arrival needs no calendar date.
  const auto days = static_cast<std::size_t>(std::ceil(horizon)) + 1;
  s.seasonal_rate_by_day.resize(days);
  for (std::size_t d = 0; d < days; ++d) {
    const unsigned month = static_cast<unsigned>(calendar.date_at(static_cast<double>(d)).month()) - 1;
    s.seasonal_rate_by_day[d] = family_rate_per_day * demand.seasonality[month];
  }
  // Over the days an arrival can fall on (the table also holds the day after).
  const auto arrival_days = static_cast<std::ptrdiff_t>(std::ceil(horizon));
  s.constant_rate = demand.growth_per_year == 0.0 &&
                    std::all_of(s.seasonal_rate_by_day.begin(), s.seasonal_rate_by_day.begin() + arrival_days,
                                [&](double r) { return r == s.max_rate; });
  return s;
}

Arrivals::Arrivals(ReplicationContext& context, const Shared& shared, CaseBook& cases, PathwayFlow& flow,
                   const Allocation* allocation)
    : ctx_(context),
      shared_(shared),
      demand_(context.scenario.demand),
      children_(context.scenario.children),
      cases_(cases),
      flow_(flow),
      allocation_(allocation),
      max_rate_(shared.max_rate),
      horizon_(context.horizon),
      constant_rate_(shared.constant_rate) {}

double Arrivals::arrival_rate(double t) const {
  double rate = shared_.seasonal_rate_by_day[static_cast<std::size_t>(t)];  // 0 <= t < horizon
  if (demand_.growth_per_year != 0.0) rate *= std::pow(1.0 + demand_.growth_per_year, t / kDaysPerYear);
  return rate;
}

void Arrivals::schedule_next_arrival(double from) {
  if (max_rate_ <= 0.0) return;
  RandomEngine& rng = ctx_.rng.demand;
  double t = from;
  for (;;) {
    t += draw_exponential(rng, max_rate_);
    if (t >= horizon_) return;  // nothing after the horizon is reported
    // At a constant rate every candidate is accepted: no draw.
    if (constant_rate_ || uniform01(rng) * max_rate_ <= arrival_rate(t)) break;
  }
  // Takes the sequence number scheduling it would, so ties order as if queued.
  next_arrival_ = t;
  arrival_sequence_ = ctx_.queue.reserve_sequence();
}

//! The referring agency of a contact (no draw when there is only one).
std::uint32_t Arrivals::draw_agency() {
  const auto& cumulative = shared_.agency_cumulative;
  if (cumulative.size() == 1) return 0;
  const double u = uniform01(ctx_.rng.demand) * cumulative.back();
  return static_cast<std::uint32_t>(std::min<std::size_t>(
      std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(), cumulative.size() - 1));
}

void Arrivals::on_arrival() {
  next_arrival_ = kNever;
  RandomEngine& rng = ctx_.rng.demand;
  // A fixed family size draws nothing, so it is rounded once, not per contact.
  const std::uint32_t size =
      shared_.fixed_family_size > 0 ? shared_.fixed_family_size : family_size_from(children_.family_size.sample(rng));
  // Without a workforce (no locality to draw) the children's ages are only
  // drawn here: most contacts close at once, and need no case at all.
  const bool case_later = !allocation_ && size <= kMaxChildrenBeforeCase;
  std::array<double, kMaxChildrenBeforeCase> ages;
  std::uint32_t id = kOutside;
  if (case_later) {
    for (std::uint32_t i = 0; i < size; ++i) ages[i] = children_.entry_age_years.sample(rng);
  } else {
    id = cases_.new_case();
    if (allocation_) cases_[id].locality = allocation_->draw_locality(rng);
    for (std::uint32_t i = 0; i < size; ++i) {
      const std::uint32_t child = cases_.new_child(children_.entry_age_years.sample(rng));
      cases_[id].children.push_back(child);
    }
  }
  const auto agency = draw_agency();
  flow_.count_entered(size);
  schedule_next_arrival(ctx_.now);

  std::uint32_t target = ctx_.scenario.pathway.entry;
  for (const auto& lever : demand_.levers) {
    if (ctx_.now < lever.from_day || ctx_.now >= lever.until_day) continue;
    if (!lever.agencies.empty() && std::find(lever.agencies.begin(), lever.agencies.end(), agency) == lever.agencies.end())
      continue;
    if (uniform01(ctx_.rng.routing) < lever.share) {
      target = lever.to;
      break;
    }
  }
  // `contacts` is what reached the front door, so that it falls when a lever
  // reduces demand; what a lever sent elsewhere is counted apart.
  if (target == ctx_.scenario.pathway.entry) {
    ctx_.count(shared_.contacts, size);
    ctx_.count(shared_.contacts_by_agency[agency], size);
  } else {
    ctx_.count(shared_.contacts_diverted, size);
  }
  if (case_later) {
    flow_.admit_contact(target, ages.data(), size);
    return;
  }
  flow_.admit_case(id, target);
}

}  // namespace caseflow::model
