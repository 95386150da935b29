#include "caseflow/model/placements.h"

#include <algorithm>
#include <cmath>

namespace caseflow::model {

Placements::Placements(ReplicationContext& context, CaseBook& cases)
    : ctx_(context),
      cases_(cases),
      config_(&context.scenario.costs->placements),
      allowance_specs_(&context.scenario.costs->allowances),
      rng_(make_stream(context.scenario.simulation.seed, context.scenario.simulation.stream_set, context.result.replication,
                       StreamPurpose::placements)),
      children_(config_->types.size()),
      allowances_(allowance_specs_->size()),
      shifted_(config_->shifts.size(), 0.0) {
  for (const auto& state : ctx_.scenario.pathway.states) in_care_state_.push_back(state.category == Category::lac);
  shift_of_type_.assign(config_->types.size(), -1);
  for (std::uint32_t s = 0; s < config_->shifts.size(); ++s) shift_of_type_[config_->shifts[s].to_type] = static_cast<std::int32_t>(s);
}

void Placements::start() {
  for (std::uint32_t a = 0; a < allowance_specs_->size(); ++a) {
    const Allowance& spec = (*allowance_specs_)[a];
    const auto recipients = static_cast<int>(std::lround(spec.opening_recipients));
    for (int i = 0; i < recipients; ++i) {
      allowances_.change(a, ctx_.now, 1.0);
      allowance_ends_.push({ctx_.now + uniform01(rng_) * spec.years * kDaysPerYear, a, 1.0});
    }
  }
}

std::uint32_t Placements::draw_type(const std::vector<PlacementMix>& mix, double age_years, std::int32_t except) {
  const PlacementMix* band = &mix.back();
  for (const auto& m : mix)
    if (age_years < m.below_age) {
      band = &m;
      break;
    }
  const auto& shares = band->shares;
  double total = 0.0;
  for (std::size_t t = 0; t < shares.size(); ++t)
    if (static_cast<std::int32_t>(t) != except) total += shares[t];
  if (total <= 0.0) return except >= 0 ? static_cast<std::uint32_t>(except) : 0;  // nowhere else to go
  const double u = uniform01(rng_) * total;
  double cumulative = 0.0;
  std::uint32_t last = 0;
  for (std::uint32_t t = 0; t < shares.size(); ++t) {
    if (static_cast<std::int32_t>(t) == except || shares[t] <= 0.0) continue;
    cumulative += shares[t];
    last = t;
    if (u < cumulative) return t;
  }
  return last;
}

void Placements::enter_care(std::uint32_t child, bool opening) {
  if (!config_->enabled()) return;
  Child& c = cases_.child(child);
  const double age = (ctx_.now - c.birth) / kDaysPerYear;
  c.placement = static_cast<std::uint8_t>(draw_type(opening && !config_->opening_mix.empty() ? config_->opening_mix : config_->mix, age, -1));
  children_.change(c.placement & kTypeBits, ctx_.now, 1.0);
}

void Placements::leave_care(std::uint32_t child, std::uint32_t to) {
  Child& c = cases_.child(child);
  if (config_->enabled()) {
    children_.change(c.placement & kTypeBits, ctx_.now, -1.0);
    leave_shift_place(c);
  }
  end_allowances_due(ctx_.now);
  for (std::uint32_t a = 0; a < allowance_specs_->size(); ++a) {
    const Allowance& spec = (*allowance_specs_)[a];
    if (spec.exit_state != to || spec.share <= 0.0) continue;
    const double end = std::min(ctx_.now + spec.years * kDaysPerYear, c.birth + spec.until_age * kDaysPerYear);
    if (end <= ctx_.now) continue;
    // The share as a weight: the expected cost, with no draw (means tests
    // are not modelled child by child).
    allowances_.change(a, ctx_.now, spec.share);
    allowance_ends_.push({end, a, spec.share});
  }
}

void Placements::end_allowances_due(double until) {
  while (!allowance_ends_.empty() && allowance_ends_.top().time <= until) {
    const AllowanceEnd end = allowance_ends_.top();
    allowance_ends_.pop();
    allowances_.change(end.allowance, end.time, -end.weight);
  }
}

void Placements::move(std::uint32_t child, std::uint32_t to_type, bool shift_place) {
  Child& c = cases_.child(child);
  children_.change(c.placement & kTypeBits, ctx_.now, -1.0);
  leave_shift_place(c);
  c.placement = static_cast<std::uint8_t>(to_type | (shift_place ? kShiftPlace : 0));
  children_.change(to_type, ctx_.now, 1.0);
}

void Placements::leave_shift_place(Child& c) {
  if (!(c.placement & kShiftPlace)) return;
  const std::int32_t shift = shift_of_type_[c.placement & kTypeBits];
  if (shift >= 0) shifted_[static_cast<std::size_t>(shift)] -= 1.0;
  c.placement &= kTypeBits;
}

std::vector<std::uint32_t> Placements::children_in_care() const {
  std::vector<std::uint32_t> children;
  // The states first: only a case in care has its record read.
  const std::vector<std::uint32_t>& states = cases_.states();
  const std::uint32_t slots = static_cast<std::uint32_t>(states.size());
  const std::uint8_t* in_care = in_care_state_.data();
  for (std::uint32_t id = 0; id < slots; ++id) {
    const std::uint32_t s = states[id];  // --check-invariants compares them with the records
    if (s == kOutside || !in_care[s]) continue;
    const Case& c = cases_[id];
    children.insert(children.end(), c.children.begin(), c.children.end());
  }
  return children;
}

void Placements::month_start() {
  if (!config_->enabled()) return;
  const std::size_t month = ctx_.month;
  const double now = ctx_.now;
  const double month_days = ctx_.month_starts[std::min(month, ctx_.month_starts.size() - 1)] - ctx_.month_starts[month - 1];
  bool shifting = false;  // a shift's places exist from its start on, and are kept filled
  for (const auto& shift : config_->shifts) shifting = shifting || now >= shift.from_day;
  if (config_->moves_per_year <= 0.0 && !shifting) return;
  std::vector<std::uint32_t> children = children_in_care();
  // Moves: each child moves this month with the chance of at least one move
  // at the yearly rate, to a type drawn from their age's mix (another type).
  if (config_->moves_per_year > 0.0) {
    const double p = -std::expm1(-config_->moves_per_year * month_days / kDaysPerYear);
    for (const auto child : children)
      if (uniform01(rng_) < p) {
        const Child& c = cases_.child(child);
        const std::uint32_t current = c.placement & kTypeBits;
        const std::uint32_t to = draw_type(config_->mix, (now - c.birth) / kDaysPerYear, static_cast<std::int32_t>(current));
        if (to != current) move(child, to);  // an age band with no other type: the child stays, in their place
      }
  }
  // Shifts: the places made by now, less those filled, filled by children
  // taken at random from the `from` type (as many as there are).
  for (std::uint32_t s = 0; s < config_->shifts.size(); ++s) {
    const PlacementShift& shift = config_->shifts[s];
    const double progress = std::clamp((now - shift.from_day) / (shift.until_day - shift.from_day), 0.0, 1.0);
    auto due = static_cast<long>(std::floor(shift.placements * progress + 1e-9) - shifted_[s]);
    if (due <= 0) continue;
    std::vector<std::uint32_t> candidates;
    for (const auto child : children)
      if ((cases_.child(child).placement & kTypeBits) == shift.from_type) candidates.push_back(child);
    for (std::size_t i = 0; i < candidates.size() && due > 0; ++i, --due) {
      const std::size_t j = i + static_cast<std::size_t>(uniform01(rng_) * static_cast<double>(candidates.size() - i));
      std::swap(candidates[i], candidates[j]);
      move(candidates[i], shift.to_type, true);
      shifted_[s] += 1.0;
    }
  }
}

}  // namespace caseflow::model
