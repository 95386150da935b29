// CaseBook's state list: every case slot's state as its record holds it, so
// that a scan for the cases in some states (the placements' monthly moves)
// reads 4 bytes a case, not the case's record.
#include <gtest/gtest.h>

#include <vector>

#include "caseflow/model/cases.h"
#include "caseflow/model/replication_context.h"
#include "test_support.h"

namespace caseflow::model {
namespace {

void expect_states_follow_records(const CaseBook& book) {
  ASSERT_EQ(book.states().size(), book.all().size());
  for (std::uint32_t id = 0; id < book.all().size(); ++id) EXPECT_EQ(book.states()[id], book.all()[id].state) << "case " << id;
}

TEST(CaseBook, StatesFollowNewSetReleasedAndReusedCases) {
  const Model model(parse_scenario(test_support::one_state_yaml(100, "{dist: fixed, value: 30}", 0), "one-state.yaml"));
  const std::vector<double> month_starts{0.0, 31.0};
  ReplicationContext ctx(model, month_starts, 0);
  CaseBook book(ctx, 18.0, 2);  // room for two: the third grows both lists

  const std::uint32_t a = book.new_case(), b = book.new_case(), c = book.new_case();
  expect_states_follow_records(book);
  EXPECT_EQ(book.states()[c], kOutside);
  book.set_state(a, 1);
  book.set_state(c, 2);
  expect_states_follow_records(book);
  EXPECT_EQ(book.states()[a], 1u);
  EXPECT_EQ(book.states()[b], kOutside);

  // A released case is outside; the slot reused by the next case starts outside.
  book.release_case(c);
  expect_states_follow_records(book);
  EXPECT_EQ(book.states()[c], kOutside);
  book.set_state(b, 3);
  book.release_case(b);
  const std::uint32_t reused = book.new_case();
  EXPECT_EQ(reused, b);
  EXPECT_EQ(book.states()[reused], kOutside);
  expect_states_follow_records(book);
  EXPECT_EQ(book.all().size(), 3u);
}

}  // namespace
}  // namespace caseflow::model
