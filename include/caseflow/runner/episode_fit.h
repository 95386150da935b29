//===----------------------------------------------------------------------===//
// episode_fit.h: durations and routing estimated from case-level episodes,
// with right-censoring (caseflow calibrate --episodes)
//
// Each episode is one child's spell in one state: its length in days and the
// state the child went to, or censored (still open at the extract date, or
// ended by reaching adulthood, which says nothing about the route the spell
// would have taken). For each non-exit state of the base scenario:
//   - routing: the Aalen–Johansen cumulative incidence F_k(t) of each route,
//     so censored episodes count for the time they were seen, not dropped;
//   - one state duration (the base gives every route the same duration):
//     Kaplan–Meier, with Greenwood standard errors;
//   - durations per route (cause-specific): the route's duration given the
//     route, F_k(t) / F_k(tau).
// tau is the last event time. What cannot be estimated is kept from the base
// and said so: until_age durations (set by birthdays, not by the data);
// routing when more than max_unresolved of the episodes are still
// unresolved at tau (S(tau), the Kaplan–Meier survival), unless the state has
// one until_age route, which then takes the remainder (children waiting for
// their birthday); in such an unresolved state, a route's duration whose
// cumulative incidence is still rising at the end of follow-up (it grew by
// more than tail_growth of its value over the last fifth of tau); and every state with fewer than
// min_episodes episodes of known start.
// Standard errors of shares and of per-route means come from the
// estimators' influence functions (asymptotically the Aalen–Johansen
// variance; binomial, p(1-p)/n, when nothing is censored). Siblings are
// counted as independent episodes, so SEs are a little small for large
// families. Pure functions: the command line reads and writes the files.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caseflow/engine/calendar.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

//! One episode as the fit uses it.
struct EpisodeRecord {
  std::uint32_t state = 0;
  double days = 0.0;        // start to end, or to the extract date when open
  std::uint32_t to = Episode::kOpen;  // a state, Episode::kOpen or Episode::kAdulthood (both censored)
  bool start_known = true;  // false: in the state before the data begin (left out of the fit)
};

struct EpisodeData {
  std::vector<EpisodeRecord> episodes;
  Date extract_date{};  // open episodes are censored here
  std::size_t rows = 0;
};

//! Reads an episodes CSV (header with the columns child_id, state,
//! start_date, end_date, reason in any order, and optionally replication;
//! other columns are ignored). Dates are YYYY-MM-DD; an empty start_date
//! marks an episode that began before the data (the warm start's), an
//! empty end_date one still open, whose reason must be empty. reason is a
//! state of `pathway` or `adulthood`. `extract_date`: the date open episodes
//! are censored on; without it, the latest date in the file. Throws
//! ConfigError naming the file, line, column and what was expected: an
//! unknown state, a bad date, an end before the start, two open episodes of
//! one child.
EpisodeData parse_episodes_csv(const std::string& text, const std::string& file_name, const Pathway& pathway,
                               std::optional<Date> extract_date = std::nullopt);

//! The competing-risks estimate behind every figure: distinct event times
//! u_j with n_j at risk, d_kj events of each cause, and the Kaplan–Meier
//! survival and Aalen–Johansen incidences after each.
struct CompetingRisks {
  std::vector<double> times, at_risk, events;      // events: all causes
  std::vector<std::vector<double>> cause_events;   // [cause][j]
  std::vector<double> survival, greenwood_se;      // S(u_j), its Greenwood SE
  std::vector<std::vector<double>> incidence;      // [cause][j]: F_k(u_j)
  std::size_t observations = 0, censored = 0;
  //! At tau (the last event time): F_k(tau) and its SE; S(tau).
  std::vector<double> final_incidence, final_incidence_se;
  double unresolved = 1.0;
  //! F_k(t): its value at the last u_j <= t (0 before the first event).
  double incidence_at(std::size_t cause, double t) const;
};

//! `cause[i]`: 0 censored, 1..causes the route taken. Throws
//! std::invalid_argument for mismatched sizes or a cause out of range.
CompetingRisks fit_competing_risks(const std::vector<double>& time, const std::vector<std::uint32_t>& cause, std::size_t causes);

//! Greenwood SE of the Kaplan–Meier restricted mean to tau, ∫ S(t) dt.
double restricted_mean_se(const CompetingRisks& fit);

//! The mean duration given cause k (0: any cause), sum u_j dF_k / F_k(tau),
//! and its influence-function SE. Needs the data again (the SE sums over episodes).
struct MeanEstimate {
  double mean = 0.0, se = 0.0;
};
MeanEstimate conditional_mean(const CompetingRisks& fit, const std::vector<double>& time,
                              const std::vector<std::uint32_t>& cause, std::size_t k);
//! Share F_k(tau) / F(tau) of cause k among resolved episodes (renormalise
//! = true) or F_k(tau) itself, with its influence-function SE; k = 0: every cause.
MeanEstimate route_share(const CompetingRisks& fit, const std::vector<double>& time, const std::vector<std::uint32_t>& cause,
                         const std::vector<std::size_t>& ks, bool renormalise);

struct FitOptions {
  std::size_t min_episodes = 30;  // fewer (of known start) in a state: keep the base's values
  double max_unresolved = 0.02;   // S(tau) above this: routing not resolved
  double tail_growth = 0.02;      // a route's F_k grew more than this share over [0.8 tau, tau]: still rising
  std::size_t min_route_events = 10;  // fewer episodes took a route: keep the base's duration for it
  int bins = 20;                  // histogram bins of equal probability in a written duration
};

struct RouteFit {
  std::uint32_t to = 0;
  bool in_base = true;       // a transition of the base; else a route only the data have
  bool until_age = false;    // the base's duration of this route is until_age
  double events = 0;         // episodes that took it
  bool share_estimated = false, duration_estimated = false;
  double share = 0, share_se = 0;
  double mean_days = 0, mean_se = 0;  // given the route
  std::vector<double> edges, weights;  // its duration in days (histogram; one edge: fixed at it)
  std::string note;          // what was kept and why
};

struct StateFit {
  std::uint32_t state = 0;
  bool per_route = false;    // durations by route (the base's routes differ) or one state duration
  std::size_t episodes = 0, events = 0, censored = 0, adulthood = 0, left_out = 0;
  double tau = 0, unresolved = 1;
  bool routing_estimated = false, duration_estimated = false;
  double mean_days = 0, mean_se = 0;   // state duration (Kaplan–Meier), when not per route
  std::vector<double> edges, weights;  // state duration in days
  std::vector<RouteFit> routes;
  std::string note;
};

//! Every non-exit state of `base` with its estimates, in the pathway's order.
std::vector<StateFit> fit_episodes(const std::vector<EpisodeRecord>& episodes, const Pathway& base, const FitOptions& options = {});

//! Masses at times, as a histogram of up to `bins` bins of about equal
//! probability (edges half-way between distinct times, and 0.5 day beyond
//! the first and last, the rounding of whole dates); one distinct time:
//! a single edge (write it as fixed). Returns {edges, weights}.
std::pair<std::vector<double>, std::vector<double>> histogram_of(const std::vector<double>& times,
                                                                 const std::vector<double>& masses, int bins);
//! The mean of such a histogram (uniform within each bin).
double histogram_mean(const std::vector<double>& edges, const std::vector<double>& weights);

}  // namespace caseflow
