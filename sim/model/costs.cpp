// The costs module (costs.h): one set of columns and price levels per model,
// one set of running totals per replication.
#include "caseflow/model/costs.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "caseflow/model/costs_config.h"
#include "caseflow/model/placements.h"
#include "caseflow/model/workforce.h"
#include "caseflow/model/workforce_config.h"

namespace caseflow {
namespace {

using model::Contract;
using model::kContracts;

//! A price level for each reporting month: the inflation factor averaged over
//! the month's days (exact when the priced level is steady in the month, and
//! always exact for steps on 1 April or an anniversary when months start on
//! the 1st, as the default scenario's do).
std::vector<double> monthly_factors(const Inflation& inflation, const Date& start, int months) {
  std::vector<double> factors(static_cast<std::size_t>(months) + 1, 1.0);
  for (int m = 1; m <= months; ++m) {
    const double from = month_start_day(start, m - 1), to = month_start_day(start, m);
    double sum = 0.0;
    for (double day = from; day < to; day += 1.0) sum += inflation.factor(start, day);
    factors[static_cast<std::size_t>(m)] = sum / (to - from);
  }
  return factors;
}

struct Columns {
  std::uint32_t staff = 0, agency = 0, management = 0, business_support = 0, recruitment = 0, new_posts = 0, one_off = 0;
  std::uint32_t placements = 0, allowances = 0, total = 0;
  std::vector<std::uint32_t> placements_by_type, placed_by_type, allowance_by_name, per_entry, declared;
  std::vector<std::uint32_t> entries_of;  // per per_entry line: the state's entries column
};

class CostsModule final : public ModelModule {
 public:
  explicit CostsModule(const Scenario& scenario)
      : costs_(scenario.costs), workforce_(scenario.workforce), start_(scenario.start_date), months_(scenario.months()) {
    pay_factor_ = monthly_factors(costs_->staff.pay_uplift, start_, months_);
    price_factor_ = monthly_factors(costs_->placements.inflation, start_, months_);
  }

  void register_metrics(const Scenario& scenario, MetricRegistry& metrics) override {
    const CostsConfig& c = *costs_;
    if (c.staff_enabled) {
      k_.staff = metrics.money("cost_staff", "spend on permanent and bank social workers in the month", "staff", "investment");
      k_.agency = metrics.money("cost_agency", "spend on agency social workers (locums) in the month, whole cost", "agency", "investment");
      k_.management = metrics.money("cost_management", "spend on team and locality managers in the month", "management", "investment");
      k_.business_support = metrics.money("cost_business_support", "spend on business support in the month", "business_support", "investment");
      k_.recruitment = metrics.money("cost_recruitment", "recruitment cost of the month's permanent appointments", "recruitment", "investment");
      k_.new_posts = metrics.money("cost_new_posts", "running costs (IT, facilities) of the posts added, in the month", "new_posts", "investment");
      k_.one_off = metrics.money("cost_one_off", "one-off costs of the posts added in the month", "one_off", "investment");
    }
    if (c.placements.enabled()) {
      k_.placements = metrics.money("cost_placements", "spend on looked-after children's placements in the month", "placements", "savings");
      for (const auto& type : c.placements.types)
        k_.placements_by_type.push_back(metrics.money("cost_placements_" + type, "spend on " + type + " placements in the month", ""));
      for (const auto& type : c.placements.types)
        k_.placed_by_type.push_back(metrics.stock("placed_" + type, "looked-after children placed in " + type + " at month end"));
    }
    if (!c.allowances.empty()) {
      k_.allowances = metrics.money("cost_allowances", "allowances after permanence paid in the month", "allowances", "savings");
      for (const auto& a : c.allowances)
        k_.allowance_by_name.push_back(metrics.money("cost_allowances_" + a.name, a.name + " allowances paid in the month", ""));
    }
    for (const auto& e : c.per_entry) {
      k_.per_entry.push_back(metrics.money("cost_" + e.name, "cost of the month's entries to " + scenario.pathway.states[e.state].name, e.name, "savings"));
      // A state's entries column, or an exit's (pathway_flow.cpp names each one way).
      const std::string& state = scenario.pathway.states[e.state].name;
      const int column = metrics.find("entries_" + state) >= 0 ? metrics.find("entries_" + state) : metrics.find("exits_" + state);
      if (column < 0) throw std::logic_error("no entries column for state " + state);
      k_.entries_of.push_back(static_cast<std::uint32_t>(column));
    }
    for (const auto& d : c.declared)
      k_.declared.push_back(metrics.money("cost_" + d.name, "declared line " + d.name + " in the month", d.name, "investment"));
    k_.total = metrics.money("cost_total", "all costs in the month: the sum of the lines of finance.csv", "total");
  }

  std::unique_ptr<ModuleReplication> start_replication(std::uint64_t /*index*/) const override;

  std::shared_ptr<const CostsConfig> costs_;
  std::shared_ptr<const WorkforceConfig> workforce_;
  Date start_;
  int months_;
  std::vector<double> pay_factor_, price_factor_;
  Columns k_;
};

//! Running totals to the last month end, so each month prices its own days.
class CostsReplication final : public ModuleReplication {
 public:
  explicit CostsReplication(const CostsModule& module) : m_(module) {
    const CostsConfig& c = *m_.costs_;
    if (c.staff_enabled) fte_days_.assign(m_.workforce_->grades.size() * kContracts, 0.0);
    child_days_.assign(c.placements.types.size(), 0.0);
    allowance_days_.assign(c.allowances.size(), 0.0);
  }

  void record_month_end(std::size_t month, const ReplicationView& view, MonthlyTable& table) override {
    const CostsConfig& c = *view.in_force().costs;  // the month's unit costs (a policy may change them)
    const Columns& k = m_.k_;
    const model::Placements* placements = view.placements();
    if (placements)
      for (std::size_t t = 0; t < k.placed_by_type.size(); ++t) table.at(month, k.placed_by_type[t]) = placements->children_in(static_cast<std::uint32_t>(t));
    if (month == 0) return;  // the opening position: no spend yet
    const double from = m_month_start(month - 1), to = m_month_start(month);
    double total = 0.0;
    const auto put = [&](std::uint32_t column, double amount, bool line) {
      table.at(month, column) = amount;
      if (line) total += amount;
    };
    if (c.staff_enabled) price_staff(month, view, put);
    if (c.placements.enabled()) {
      double sum = 0.0;
      for (std::uint32_t t = 0; t < c.placements.types.size(); ++t) {
        const double days = take(child_days_[t], placements->child_days(t));
        const double amount = days * c.placements.weekly_cost[t] / 7.0 * m_.price_factor_[month];
        put(k.placements_by_type[t], amount, false);
        sum += amount;
      }
      put(k.placements, sum, true);
    }
    if (!c.allowances.empty()) {
      double sum = 0.0;
      for (std::uint32_t a = 0; a < c.allowances.size(); ++a) {
        const double days = take(allowance_days_[a], placements->allowance_days(a));
        const double amount = days * c.allowances[a].weekly / 7.0 * m_.price_factor_[month];
        put(k.allowance_by_name[a], amount, false);
        sum += amount;
      }
      put(k.allowances, sum, true);
    }
    for (std::size_t e = 0; e < c.per_entry.size(); ++e)
      put(k.per_entry[e], table.at(month, k.entries_of[e]) * c.per_entry[e].cost * m_.price_factor_[month], true);
    for (std::size_t d = 0; d < c.declared.size(); ++d) {
      const DeclaredLine& line = c.declared[d];
      double amount = 0.0;
      if (line.one_off != 0.0) {
        if (line.from_day >= from && line.from_day < to) amount = line.one_off;
      } else {
        const double days = std::max(0.0, std::min(to, line.until_day) - std::max(from, line.from_day));
        amount = line.annual * days / kDaysPerYear;
      }
      put(k.declared[d], amount, true);
    }
    table.at(month, k.total) = total;
  }

 private:
  double m_month_start(std::size_t m) const { return month_start_day(m_.start_, static_cast<int>(m)); }

  //! The increase of a running total since it was last taken.
  static double take(double& last, double now) {
    const double increase = now - last;
    last = now;
    return increase;
  }

  template <class Put>
  void price_staff(std::size_t month, const ReplicationView& view, const Put& put) {
    const CostsConfig& c = *view.in_force().costs;
    const StaffCosts& s = c.staff;
    const Columns& k = m_.k_;
    const model::Workforce* wf = view.workforce();
    const double level = m_.pay_factor_[month] / kDaysPerYear;  // a yearly cost to a day's, at the month's pay level
    double staff = 0.0, agency = 0.0;
    for (std::uint32_t g = 0; g < s.grade.size(); ++g) {
      const double grade_annual = s.grade[g].annual();
      const auto days = [&](Contract contract) {
        const std::size_t key = g * kContracts + static_cast<std::uint32_t>(contract);
        return take(fte_days_[key], wf->fte_days(g, contract));
      };
      staff += days(Contract::permanent) * grade_annual + days(Contract::bank) * s.bank.annual(grade_annual);
      agency += days(Contract::agency) * s.agency.annual(grade_annual);
    }
    put(k.staff, staff * level, true);
    put(k.agency, agency * level, true);
    put(k.management, (take(team_manager_days_, wf->team_manager_days()) * s.team_manager.annual() +
                       take(locality_manager_days_, wf->locality_manager_days()) * s.locality_manager.annual()) *
                          level,
        true);
    put(k.business_support,
        take(post_days_, wf->funded_post_days()) * view.in_force().workforce->business_support_per_post * s.business_support.annual() * level, true);
    put(k.recruitment, take(appointments_, wf->appointments()) * s.recruitment_per_hire * m_.pay_factor_[month], true);
    put(k.new_posts, take(added_post_days_, wf->added_post_days()) * s.new_post_recurrent_per_year * level, true);
    put(k.one_off, take(posts_added_, wf->posts_added()) * s.new_post_one_off * m_.pay_factor_[month], true);
  }

  const CostsModule& m_;
  std::vector<double> fte_days_, child_days_, allowance_days_;
  double team_manager_days_ = 0.0, locality_manager_days_ = 0.0, post_days_ = 0.0, appointments_ = 0.0;
  double added_post_days_ = 0.0, posts_added_ = 0.0;
};

std::unique_ptr<ModuleReplication> CostsModule::start_replication(std::uint64_t /*index*/) const {
  return std::make_unique<CostsReplication>(*this);
}

}  // namespace

std::unique_ptr<ModelModule> make_costs_module(const Scenario& scenario) { return std::make_unique<CostsModule>(scenario); }

}  // namespace caseflow
