//===----------------------------------------------------------------------===//
// sensitivity_design.h: where a sweep puts its points, in the unit cube
//
// Every design is a list of rows of D numbers in [0, 1]; the sweep maps each
// coordinate onto its parameter's bounds. Designs are pure functions of their
// arguments (and a design seed where they draw), so a sweep can be rebuilt
// exactly on resume. Row orders follow SALib's samplers (SALib/SALib, read at
// the June 2026 head) so that its `analyze` commands read our files unchanged.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace caseflow::sensitivity {

//! Design rows: design[i][d] is coordinate d of point i, in [0, 1].
using Design = std::vector<std::vector<double>>;

//! The first `count` points of Boost.Random's unscrambled `sobol` sequence in
//! `dims` dimensions (Joe & Kuo direction numbers; the all-zero first point of
//! the sequence is not produced, so this starts at (0.5, ..., 0.5)).
Design sobol_sequence(std::size_t count, std::size_t dims);

//! One at a time, for tornado charts: row 0 is `base` (the scenario's own
//! values); then for each parameter in turn, `levels` >= 2 evenly spaced
//! values from 0 to 1 with every other parameter at its base.
Design one_at_a_time(const std::vector<double>& base, std::size_t levels);

//! Full factorial grid, `levels` >= 2 values per parameter from 0 to 1; the
//! last parameter varies fastest. levels^dims rows.
Design full_grid(std::size_t dims, std::size_t levels);

//! Latin hypercube (McKay, Beckman & Conover 1979): each column has exactly
//! one point in each of the `points` equal strata, at a uniform position
//! inside it; strata are paired across columns by random permutations.
Design latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed);

//! Morris (1991) elementary-effect trajectories on a `levels`-level grid
//! (even, >= 2): each of `trajectories` blocks has dims + 1 rows, and row
//! k + 1 differs from row k in one parameter by +-delta, delta =
//! levels / (2 (levels - 1)), each parameter once, in random order. The
//! block layout is SALib's morris.sample (N (D + 1) rows).
Design morris_trajectories(std::size_t trajectories, std::size_t dims, std::size_t levels, std::uint64_t seed);
//! delta of morris_trajectories.
double morris_delta(std::size_t levels);

//! Saltelli (2002, 2010) sampling for first-order and total Sobol indices,
//! without second order: matrices A and B are the first and last D columns
//! of a 2D-dimensional Sobol sequence of `base_samples` rows; each base
//! sample j gives D + 2 consecutive rows A_j, AB_j^1 ... AB_j^D, B_j, where
//! AB^i is A with column i taken from B (SALib's sobol.sample layout, with
//! calc_second_order=False: N (D + 2) rows).
Design saltelli(std::size_t base_samples, std::size_t dims);

}  // namespace caseflow::sensitivity
