#include "caseflow/model/arrivals.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <variant>

#include "caseflow/model/allocation.h"
#include "caseflow/model/cases.h"
#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/policies.h"

namespace caseflow::model {

Arrivals::Shared Arrivals::Shared::prepare(const Scenario& scenario, const WorkingCalendar& calendar, double horizon,
                                           MetricRegistry& metrics) {
  const Demand& demand = scenario.demand;
  Shared s;
  s.contacts = metrics.flow("contacts", "contacts that reached the front door (children); those a demand lever diverted are in contacts_diverted");
  for (const auto& agency : demand.agencies)
    s.contacts_by_agency.push_back(metrics.flow("contacts_" + agency.name, "contacts from " + agency.name + " that reached the front door"));
  s.contacts_diverted = metrics.flow("contacts_diverted", "contacts a demand lever sent elsewhere (not in contacts): contacts + contacts_diverted is all contacts made");

  const double mean_family_size = scenario.children.family_size.mean();
  if (const auto* fixed = std::get_if<Distribution::Fixed>(&scenario.children.family_size.params()))
    s.fixed_family_size = family_size_from(fixed->value);
  const auto agency_cumulative = [](const Demand& d) {
    std::vector<double> cumulative;
    double total = 0.0;
    for (const auto& a : d.agencies) cumulative.push_back(total += a.share);
    return cumulative;
  };
  s.agency_cumulative.push_back(agency_cumulative(demand));
  for (const auto& epoch : scenario.policy_epochs) s.agency_cumulative.push_back(agency_cumulative(epoch.scenario->demand));

  // Day by day: the volume and seasonality in force that day, and growth
  // compounding from the start at the rate in force (so a change of rate
  // bends the curve, it does not restart it). The rate is exact over each
  // day; within a day arrivals are spread evenly.
  const auto days = static_cast<std::size_t>(std::ceil(horizon));
  s.cumulative_families.assign(days + 1, 0.0);
  double growth_level = 1.0;
  for (std::size_t d = 0; d < days; ++d) {
    const int epoch = epoch_at(scenario.policy_epochs, static_cast<double>(d));
    const Demand& in_force = epoch < 0 ? demand : scenario.policy_epochs[static_cast<std::size_t>(epoch)].scenario->demand;
    const unsigned month = static_cast<unsigned>(calendar.date_at(static_cast<double>(d)).month()) - 1;
    const double per_day = in_force.contacts_per_year / kDaysPerYear / mean_family_size * in_force.seasonality[month];
    double over_the_day = 1.0, day_growth = 1.0;  // the mean of the growth factor over the day, and its step
    if (in_force.growth_per_year != 0.0) {
      const double log_daily = std::log1p(in_force.growth_per_year) / kDaysPerYear;
      day_growth = std::exp(log_daily);
      over_the_day = std::expm1(log_daily) / log_daily;
    }
    s.cumulative_families[d + 1] = s.cumulative_families[d] + per_day * growth_level * over_the_day;
    growth_level *= day_growth;
  }
  return s;
}

Arrivals::Arrivals(ReplicationContext& context, const Shared& shared, CaseBook& cases, PathwayFlow& flow,
                   const Allocation* allocation)
    : ctx_(context),
      shared_(shared),
      demand_(&context.scenario.demand),
      agency_cumulative_(&shared.agency_cumulative.front()),
      children_(context.scenario.children),
      cases_(cases),
      flow_(flow),
      allocation_(allocation),
      horizon_(context.horizon) {}

void Arrivals::adopt(const Scenario& scenario, int epoch) {
  demand_ = &scenario.demand;
  agency_cumulative_ = &shared_.agency_cumulative[static_cast<std::size_t>(epoch + 1)];
}

void Arrivals::schedule_next_arrival() {
  const std::vector<double>& cumulative = shared_.cumulative_families;
  arrived_ += draw_exponential(ctx_.rng.demand, 1.0);
  const std::size_t days = cumulative.size() - 1;
  while (day_ < days && cumulative[day_ + 1] <= arrived_) ++day_;
  if (day_ >= days) return;  // nothing after the horizon is reported
  const double t = static_cast<double>(day_) + (arrived_ - cumulative[day_]) / (cumulative[day_ + 1] - cumulative[day_]);
  if (t >= horizon_) return;
  // Takes the sequence number scheduling it would, so ties order as if queued.
  next_arrival_ = t;
  arrival_sequence_ = ctx_.queue.reserve_sequence();
}

//! The referring agency of a contact (no draw when there is only one).
std::uint32_t Arrivals::draw_agency() {
  const auto& cumulative = *agency_cumulative_;
  if (cumulative.size() == 1) return 0;
  const double u = uniform01(ctx_.rng.demand) * cumulative.back();
  return static_cast<std::uint32_t>(std::min<std::size_t>(
      std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(), cumulative.size() - 1));
}

void Arrivals::on_arrival() {
  next_arrival_ = kNever;
  RandomEngine& rng = ctx_.rng.demand;
  // The family's own stream, by its place in the order of arrival: the same
  // family in every scenario of the stream set (arrivals are an inversion).
  CaseRandom family = ctx_.rng.case_stream(++families_);
  // A fixed family size draws nothing, so it is rounded once, not per contact.
  const std::uint32_t size =
      shared_.fixed_family_size > 0 ? shared_.fixed_family_size : family_size_from(children_.family_size.sample(rng));
  // The family's locality and children's ages are only drawn here: most
  // contacts close at once, and need no case at all.
  const bool case_later = size <= kMaxChildrenBeforeCase;
  std::array<double, kMaxChildrenBeforeCase> ages;
  std::uint32_t id = kOutside, locality = 0;
  if (case_later) {
    if (allocation_) locality = allocation_->draw_locality(rng);
    for (std::uint32_t i = 0; i < size; ++i) ages[i] = children_.entry_age_years.sample(rng);
  } else {
    id = cases_.new_case();
    if (allocation_) cases_[id].locality = allocation_->draw_locality(rng);
    for (std::uint32_t i = 0; i < size; ++i) {
      const std::uint32_t child = cases_.new_child(children_.entry_age_years.sample(rng));
      cases_[id].children.push_back(child);
    }
    cases_.children_changed(id);
  }
  const auto agency = draw_agency();
  flow_.count_entered(size);
  schedule_next_arrival();

  std::uint32_t target = ctx_.scenario.pathway.entry;
  for (const auto& lever : demand_->levers) {
    if (ctx_.now < lever.from_day || ctx_.now >= lever.until_day) continue;
    if (!lever.agencies.empty() && std::find(lever.agencies.begin(), lever.agencies.end(), agency) == lever.agencies.end())
      continue;
    if (uniform01(family) < lever.share) {
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
    flow_.admit_contact(target, ages.data(), size, family, locality);
    return;
  }
  cases_[id].rng = family;
  flow_.admit_case(id, target);
}

}  // namespace caseflow::model
