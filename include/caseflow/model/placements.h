//===----------------------------------------------------------------------===//
// placements.h: where looked-after children live, and what follows care
//
// A child entering care gets a placement type drawn from the mix for their
// age (the opening caseload from the opening mix); children move to another
// type at a rate, and a shift lever makes places of one type that replace
// places of another: over its period the places it has made grow in equal
// monthly steps to its number, each filled by moving a child from the other
// type, and a place whose child leaves care is filled again the same way
// (moves and shifts at month starts). A child leaving care by a
// route with an allowance (adoption, special guardianship, a child
// arrangements order) starts one. The module keeps child-days by type and
// allowance-days, exactly to the event, for costs to price; it holds no
// prices itself.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "caseflow/engine/level_integral.h"
#include "caseflow/model/cases.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/replication_context.h"

namespace caseflow::model {

class Placements {
 public:
  Placements(ReplicationContext& context, CaseBook& cases);

  //! Opening allowance recipients; before the opening caseload is placed.
  void start();
  //! The child (now in a case in a looked-after state) enters care; `opening`
  //! for a child found in care at the start.
  void enter_care(std::uint32_t child, bool opening);
  //! The child leaves care for `to` (an exit, or a state outside care).
  void leave_care(std::uint32_t child, std::uint32_t to);
  //! Moves between types and the shift levers, at a month start.
  void month_start();
  //! A policy takes effect: new placements and moves draw from its mix, and
  //! new allowances take its shares (shifts are dated in the base scenario).
  void adopt(const Scenario& scenario) {
    config_ = &scenario.costs->placements;
    allowance_specs_ = &scenario.costs->allowances;
  }
  //! Ends the allowances due by now; before a month end is read.
  void month_end() { end_allowances_due(ctx_.now); }

  // ---- for costs: from the start to now --------------------------------------
  double child_days(std::uint32_t type) const { return children_.integral(type, ctx_.now); }
  double allowance_days(std::uint32_t allowance) const { return allowances_.integral(allowance, ctx_.now); }
  double children_in(std::uint32_t type) const { return children_.level(type); }
  //! Children in the places shift lever `shift` has made, now.
  double shifted(std::uint32_t shift) const { return shifted_[shift]; }
  static constexpr std::uint8_t kTypeBits = 0x7f, kShiftPlace = 0x80;

 private:
  struct AllowanceEnd {
    double time;
    std::uint32_t allowance;
    double weight;
    bool operator>(const AllowanceEnd& other) const {
      return time != other.time ? time > other.time : allowance > other.allowance;
    }
  };
  std::uint32_t draw_type(const std::vector<PlacementMix>& mix, double age_years, std::int32_t except);
  //! Moves the child to another type; `shift_place`: into a place a shift made.
  void move(std::uint32_t child, std::uint32_t to_type, bool shift_place = false);
  //! The child leaves a place a shift made (if in one).
  void leave_shift_place(Child& c);
  void end_allowances_due(double until);
  //! The children in care now, in case order (deterministic).
  std::vector<std::uint32_t> children_in_care() const;

  ReplicationContext& ctx_;
  CaseBook& cases_;
  const PlacementsConfig* config_;  // the mix and moves in force (policies may change them)
  const std::vector<Allowance>* allowance_specs_;
  std::vector<std::uint8_t> in_care_state_;  // per pathway state: looked after (1)
  RandomEngine rng_;
  LevelIntegrals children_;    // per type: children placed
  LevelIntegrals allowances_;  // per allowance: children receiving it (times its share)
  std::priority_queue<AllowanceEnd, std::vector<AllowanceEnd>, std::greater<>> allowance_ends_;
  std::vector<double> shifted_;         // per shift: its places filled now
  std::vector<std::int32_t> shift_of_type_;  // per type: the shift whose places are of it, or -1
};

}  // namespace caseflow::model
