//===----------------------------------------------------------------------===//
// statistics.h: summary statistics of a stream of replication results
//
// The runner feeds one value per replication into each (month, metric) cell,
// always in replication-index order, so results never depend on the thread
// count. Memory per cell is fixed: it does not grow with the number of
// replications (a 100,000-replication run needs no more than a 100-run).
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace caseflow {

//! Mean and variance by Welford's algorithm (numerically stable, one pass).
class RunningMoments {
 public:
  //! Throws std::invalid_argument for NaN or infinite x (state unchanged).
  void add(double x);
  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? mean_ : 0.0; }
  //! Sample variance (n - 1 denominator); 0 with fewer than two values.
  double variance() const;
  double sd() const;
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

//! Quantiles of a stream in fixed memory.
//!
//! The first kExact values are kept and quantiles are exact (linear
//! interpolation between order statistics, Hyndman & Fan type 7, as R's and
//! NumPy's default). From then on values go into a histogram of kBins equal
//! bins covering the observed range; when a value falls outside it, bins merge
//! pairwise (the width doubles) until it fits. Bin edges sit on multiples of
//! the width and widths are powers of two (times 1 for integer data), so
//! integer-valued metrics whose range spans fewer than kBins values keep
//! exact counts. Quantiles from the histogram interpolate within a bin: the
//! error is less than one bin width (at most width - 1 for integer data, so
//! none at width 1). The width is the smallest power of two that fits the
//! range, but at least 1 if the histogram began with integer data (else at
//! least 2^-52 max|x|): below max(2 * range / (kBins - 1), that floor).
//!
//! Deterministic: the same values in the same order give the same answer.
//! The kept values are sorted by the first quantile() after an add(), so
//! concurrent quantile() calls on one sketch need a lock.
class QuantileSketch {
 public:
  static constexpr std::size_t kExact = 256;
  static constexpr std::size_t kBins = 512;

  //! Throws std::invalid_argument for NaN or infinite x (state unchanged).
  void add(double x);
  std::uint64_t count() const { return n_; }
  //! p in [0, 1] (else std::invalid_argument); 0 when empty.
  double quantile(double p) const;
  //! Bytes held by this sketch, itself included. Bounded by
  //! sizeof(QuantileSketch) + max(kExact, kBins) * 8 whatever the count.
  std::size_t memory_bytes() const;

 private:
  // implementation-defined members
  void build_histogram();
  void grow_to_fit();
  bool fits(double width) const;
  void rebin(double new_width);
  double order_statistic(std::uint64_t j) const;

  std::uint64_t n_ = 0;
  // In arrival order until a quantile is asked for (then sorted): keeping
  // them sorted moved half the buffer per value, 4% of a peer-model run in
  // the runner's serial stage. Emptied once the histogram starts.
  mutable std::vector<double> exact_;
  mutable bool exact_sorted_ = true;
  std::vector<std::uint64_t> bins_;  // kBins counts once past kExact values
  double origin_ = 0.0;  // left edge of bin 0, in units of width_ (an integer)
  double width_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  bool integer_data_ = true;
};

//! Everything the summary reports for one cell.
struct CellSummary {
  double mean, sd, p5, p50, p95;
};

class CellStatistics {
 public:
  void add(double x) {
    moments_.add(x);
    quantiles_.add(x);
  }
  std::uint64_t count() const { return moments_.count(); }
  CellSummary summary() const;

 private:
  RunningMoments moments_;
  QuantileSketch quantiles_;
};

}  // namespace caseflow
