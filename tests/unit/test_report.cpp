// The briefing's rules and words (caseflow report): the red/amber/green rule
// it states, the chance of meeting a target, the headline written from the
// numbers, the dates and numbers as printed, and the assumptions read from a
// scenario file's comments.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>

#include "../../sim/interface/report.h"
#include "caseflow/engine/config_node.h"

namespace caseflow {
namespace {

const Measure& measure(const std::string& metric) {
  for (const Measure& m : scorecard_measures())
    if (m.metric == metric) return m;
  throw std::runtime_error("no measure " + metric);
}

TEST(Report, RagFromProbabilityFollowsTheStatedRule) {
  EXPECT_EQ(rag_from_probability(1.0), Rag::green);
  EXPECT_EQ(rag_from_probability(0.8), Rag::green);
  EXPECT_EQ(rag_from_probability(0.79), Rag::amber);
  EXPECT_EQ(rag_from_probability(0.5), Rag::amber);
  EXPECT_EQ(rag_from_probability(0.49), Rag::red);
  EXPECT_EQ(rag_from_probability(kNotReported), Rag::none);
}

TEST(Report, RagFromBandLowerIsBetter) {
  const Measure& caseload = measure("caseload_mean");  // target 18, lower is better
  Band b;
  b.mean = b.p50 = 17, b.p5 = 16, b.p95 = 17.9;
  EXPECT_EQ(rag_from_band(b, caseload), Rag::green);  // the whole band meets it
  b.p95 = 19;
  EXPECT_EQ(rag_from_band(b, caseload), Rag::amber);  // straddles
  b.p5 = 18.5;
  EXPECT_EQ(rag_from_band(b, caseload), Rag::red);  // none of it does
}

TEST(Report, RagFromBandHigherIsBetter) {
  const Measure& timely = measure("assessments_in_timescale_share");  // at least 98%
  Band b;
  b.mean = b.p50 = 0.985, b.p5 = 0.981, b.p95 = 0.99;
  EXPECT_EQ(rag_from_band(b, timely), Rag::green);
  b.p5 = 0.97;
  EXPECT_EQ(rag_from_band(b, timely), Rag::amber);
  b.p95 = 0.975;
  EXPECT_EQ(rag_from_band(b, timely), Rag::red);
}

TEST(Report, ProbabilityIsTheShareOfReplicationsMeetingTheTarget) {
  const Measure& visits = measure("cp_visits_overdue");  // at most 5
  EXPECT_DOUBLE_EQ(probability_meeting({0, 5, 6, 10}, visits), 0.5);  // 5 meets "at most 5"
  EXPECT_TRUE(std::isnan(probability_meeting({}, visits)));
  const Measure& timely = measure("icpc_in_timescale_share");  // at least 95%
  EXPECT_DOUBLE_EQ(probability_meeting({0.95, 0.94, 0.99, 0.96, 0.5}, timely), 0.6);
}

TEST(Report, NumbersAndDatesAsPrinted) {
  EXPECT_EQ(format_number(4953, 0), "4,953");
  EXPECT_EQ(format_number(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(format_number(-0.001, 1), "0.0");
  EXPECT_EQ(format_number(-1500, 0), "−1,500");
  EXPECT_EQ(format_number(kNotReported, 0), "–");
  EXPECT_EQ(format_measure(0.352, measure("sw_agency_share")), "35%");
  EXPECT_EQ(month_name("2016-04-01", 0), "March 2016");
  EXPECT_EQ(month_name("2016-04-01", 12), "March 2017");
  EXPECT_EQ(month_name("2016-04-01", 60), "March 2021");
  EXPECT_EQ(month_date("2016-04-01", 0), "2016-03-31");
  EXPECT_EQ(month_date("2016-04-01", 11), "2017-02-28");
  EXPECT_EQ(month_date("2020-01-01", 2), "2020-02-29");
  EXPECT_EQ(html_escape("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
}

RunResults small_run() {
  RunResults run;
  run.scenario = "test";
  run.start_date = "2016-04-01";
  run.months = 12;
  const auto put = [&](const std::string& metric, double start, double p5, double p50, double p95) {
    auto& s = run.series[metric];
    s.resize(13);
    s[0].mean = s[0].p5 = s[0].p50 = s[0].p95 = start;
    s[12].mean = p50, s[12].p5 = p5, s[12].p50 = p50, s[12].p95 = p95;
  };
  put("caseload_mean", 24.5, 24.3, 25.2, 26.6);
  put("sw_agency_share", 0.352, 0.28, 0.32, 0.35);
  put("lac_visits_overdue", 0, 91, 115, 168);
  put("cp_visits_overdue", 0, 0, 1, 5);
  put("open_lac", 1239, 1193, 1253, 1296);
  run.finance.push_back({"2016/17", "total", 64.2e6, 60.4e6, 64.2e6, 67.4e6});
  return run;
}

TEST(Report, HeadlineIsWrittenFromTheNumbers) {
  const std::vector<std::string> s = headline_sentences(small_run());
  ASSERT_EQ(s.size(), 5u);
  EXPECT_NE(s[0].find("24.5 children now and 25.2 (90% of runs between 24.3 and 26.6) in March 2017"), std::string::npos) << s[0];
  EXPECT_NE(s[0].find("target of 18"), std::string::npos);
  EXPECT_NE(s[1].find("35% of social worker posts now and 32% (90% of runs between 28% and 35%)"), std::string::npos) << s[1];
  EXPECT_NE(s[2].find("115 visits to looked-after children (91 to 168) and 1 to children on protection plans (0 to 5)"),
            std::string::npos) << s[2];
  EXPECT_NE(s[3].find("1,239 looked-after children now"), std::string::npos) << s[3];
  EXPECT_NE(s[3].find("14 more"), std::string::npos) << s[3];
  EXPECT_NE(s[4].find("£64.2m in 2016/17 (90% of runs £60.4m to £67.4m)"), std::string::npos) << s[4];
}

TEST(Report, HeadlineStartsWithOpenCasesWhenReported) {
  RunResults run = small_run();
  auto& open = run.series["open_total"];
  open.resize(13);
  open[0].mean = open[0].p5 = open[0].p50 = open[0].p95 = 4953;
  open[12].mean = open[12].p50 = 4935, open[12].p5 = 4773, open[12].p95 = 5073;
  const std::vector<std::string> s = headline_sentences(run);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0], "4,953 children are open to social care at the end of March 2016; by March 2017 the projection is 4,935 "
                  "(90% of runs between 4,773 and 5,073).");
}

TEST(Report, HeadlineLeavesOutWhatTheRunDidNotReport) {
  RunResults run = small_run();
  run.series.erase("sw_agency_share");
  run.series.erase("cp_visits_overdue");
  run.finance.clear();
  const std::vector<std::string> s = headline_sentences(run);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_NE(s[1].find("the targets are at most 20."), std::string::npos) << s[1];
}

TEST(Report, AssumptionsCarryTheSourceTheirCommentCites) {
  const std::string yaml =
      "# header comment\n"
      "scenario:\n"
      "  name: x\n"
      "  description: >-\n"
      "    two\n"
      "    lines\n"
      "demand:\n"
      "  contacts_per_year: 27900   # seed 000 card\n"
      "  # assumption: no trend\n"
      "  growth_per_year: 0.0\n"
      "  referring_agencies:               # seed 000 card, partnerships\n"
      "    health: 0.238\n"
      "pathway:\n"
      "  states:\n"
      "    contact:\n"
      "      transitions:\n"
      "        - {to: referral, probability: 0.253}   # calibrated\n"
      "        - to: closure\n"
      "          probability: 0.7   # the remainder\n"
      "      duration: {dist: histogram,\n"
      "                 edges: [0, 1]}   # S4\n";
  const std::vector<Assumption> a = scan_assumptions(yaml, "x.yaml");
  std::map<std::string, Assumption> by_path;
  for (const Assumption& row : a) by_path[row.path] = row;
  EXPECT_EQ(by_path["scenario.description"].value, "two lines");
  EXPECT_EQ(by_path["demand.contacts_per_year"].value, "27900");
  EXPECT_EQ(by_path["demand.contacts_per_year"].source, "seed 000 card");
  EXPECT_EQ(by_path["demand.contacts_per_year"].line, 8);
  EXPECT_EQ(by_path["demand.growth_per_year"].source, "assumption: no trend");
  EXPECT_EQ(by_path["demand.referring_agencies.health"].source, "(for demand.referring_agencies) seed 000 card, partnerships");
  EXPECT_EQ(by_path["pathway.states.contact.transitions[0]"].value, "{to: referral, probability: 0.253}");
  EXPECT_EQ(by_path["pathway.states.contact.transitions[0]"].source, "calibrated");
  EXPECT_EQ(by_path["pathway.states.contact.transitions[1].to"].value, "closure");
  EXPECT_EQ(by_path["pathway.states.contact.transitions[1].probability"].source, "the remainder");
  EXPECT_EQ(by_path["pathway.states.contact.duration"].value, "{dist: histogram, edges: [0, 1]}");
  EXPECT_EQ(by_path["pathway.states.contact.duration"].source, "S4");
}

TEST(Report, EveryShippedConfigValueIsFound) {
  // Each line of the default scenario that sets a value is one row.
  const std::string text = [] {
    std::ifstream in(std::string(CASEFLOW_SOURCE_DIR) + "/configs/manchester-2016.yaml");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }();
  const std::vector<Assumption> a = scan_assumptions(text, "manchester-2016.yaml");
  std::map<std::string, std::string> values;
  for (const Assumption& row : a) values[row.path] = row.value;
  EXPECT_EQ(values["demand.contacts_per_year"], "27900");
  EXPECT_EQ(values["workforce.teams.locality.caseload_cap"], "18");
  EXPECT_EQ(values["workforce.recruitment.success_rate"], "0.068");
  EXPECT_EQ(values["pathway.states.lac.transitions[0].probability"], "0.176");
  EXPECT_EQ(values["warm_start.open_by_state.cp"], "817");
  EXPECT_GT(a.size(), 250u);
}

TEST(Report, AMissingResultsDirectoryIsBadInputNamingIt) {
  try {
    read_run_results("/nonexistent/results", {});
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/results"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("caseflow run"), std::string::npos);
  }
}

}  // namespace
}  // namespace caseflow
