// A module added from outside the core (module.h): it registers its own
// columns after the core's, sees each month start and end through a
// read-only view, keeps its per-replication state in its ModuleReplication,
// and changes nothing of what the core modules report.
#include <gtest/gtest.h>

#include <cmath>

#include "caseflow/model/module.h"
#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/workforce.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! Reports what the core modules hold at each month end, read through the view.
class CensusModule : public ModelModule {
 public:
  void register_metrics(const Scenario& /*scenario*/, MetricRegistry& metrics) override {
    cp_ = metrics.stock("test_cp_children", "children on a CP plan, read by the test module");
    cp_share_ = metrics.ratio("test_cp_share_of_open", "CP children over open children, written at month end");
    in_post_ = metrics.stock("test_workers_in_post", "social workers in post, read by the test module");
    months_started_ = metrics.stock("test_months_started", "month starts the module has seen");
    end_time_ = metrics.stock("test_month_end_day", "the view's clock at the month end");
  }
  std::unique_ptr<ModuleReplication> start_replication(std::uint64_t /*index*/) const override {
    return std::make_unique<Replication>(*this);
  }

 private:
  struct Replication : ModuleReplication {
    explicit Replication(const CensusModule& m) : module(m) {}
    void month_start(std::size_t month, const ReplicationView& /*view*/) override {
      EXPECT_EQ(month, months_started + 1);
      ++months_started;
    }
    void record_month_end(std::size_t month, const ReplicationView& view, MonthlyTable& table) override {
      const double cp = static_cast<double>(view.pathway().children_in(Category::cp));
      double open = 0;
      for (auto category : {Category::assessment, Category::cin, Category::cp, Category::lac})
        open += static_cast<double>(view.pathway().children_in(category));
      table.at(month, module.cp_) = cp;
      table.at(month, module.cp_share_) = cp / open;
      double in_post = 0;
      if (view.workforce())
        for (const auto& team : view.workforce()->teams()) in_post += static_cast<double>(team.workers.size());
      table.at(month, module.in_post_) = view.workforce() ? in_post : std::nan("");
      EXPECT_EQ(view.workforce() == nullptr, view.allocation() == nullptr);
      table.at(month, module.months_started_) = static_cast<double>(months_started);
      table.at(month, module.end_time_) = view.now();
    }
    const CensusModule& module;
    std::size_t months_started = 0;  // this replication's own state
  };
  std::uint32_t cp_ = 0, cp_share_ = 0, in_post_ = 0, months_started_ = 0, end_time_ = 0;
};

Scenario scenario_from(const std::string& config, std::vector<std::string> overrides) {
  return parse_scenario(test_support::read_source_file(config), config, std::move(overrides));
}

ModelModules census() {
  ModelModules modules;
  modules.push_back(std::make_unique<CensusModule>());
  return modules;
}

}  // namespace

TEST(ModelModules, ReadsTheReplicationAndWritesItsOwnColumns) {
  ModelOptions options;
  options.check_invariants = true;
  const Model with(scenario_from("configs/manchester-2016.yaml", {"simulation.years=1"}), options, census());
  const Model without(scenario_from("configs/manchester-2016.yaml", {"simulation.years=1"}), options);
  // Its columns follow every core column.
  EXPECT_EQ(with.metrics().find("test_cp_children"), static_cast<int>(without.metrics().size()));
  EXPECT_EQ(with.metrics().size(), without.metrics().size() + 5);

  const auto table = with.run(3).table;
  for (std::size_t m = 0; m <= 12; ++m) {
    EXPECT_EQ(metric(table, with, m, "test_cp_children"), metric(table, with, m, "open_cp")) << m;
    // A ratio the module writes is its own: the month's close does not overwrite it.
    EXPECT_DOUBLE_EQ(metric(table, with, m, "test_cp_share_of_open"),
                     metric(table, with, m, "open_cp") / metric(table, with, m, "open_total")) << m;
    EXPECT_EQ(metric(table, with, m, "test_workers_in_post"), metric(table, with, m, "sw_headcount")) << m;
    // Month m's end comes after m month starts, at the first day of month m + 1.
    EXPECT_EQ(metric(table, with, m, "test_months_started"), static_cast<double>(m));
    EXPECT_EQ(metric(table, with, m, "test_month_end_day"), with.calendar().month_start(static_cast<int>(m))) << m;
  }
  // The core's results are the same with the module as without it.
  const auto plain = without.run(3).table;
  for (std::size_t m = 0; m <= 12; ++m)
    for (std::size_t k = 0; k < without.metrics().size(); ++k) {
      const double a = table.at(m, k), b = plain.at(m, k);
      EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << without.metrics()[k].name << " month " << m;
    }
}

TEST(ModelModules, SeeNoWorkforceWhereTheScenarioHasNone) {
  const Model model(scenario_from("configs/peer-reference.yaml", {"simulation.years=1"}), {}, census());
  const auto table = model.run(0).table;
  for (std::size_t m = 0; m <= 12; ++m) {
    EXPECT_TRUE(std::isnan(metric(table, model, m, "test_workers_in_post")));
    EXPECT_EQ(metric(table, model, m, "test_cp_children"), metric(table, model, m, "open_cp"));
  }
}
