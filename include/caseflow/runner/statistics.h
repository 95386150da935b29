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

  QuantileSketch() = default;
  QuantileSketch(const QuantileSketch& other);
  QuantileSketch(QuantileSketch&& other) noexcept;
  QuantileSketch& operator=(QuantileSketch other) noexcept;  // a copy or a move, then a swap
  ~QuantileSketch();
  friend void swap(QuantileSketch& a, QuantileSketch& b) noexcept;

  //! Throws std::invalid_argument for NaN or infinite x (state unchanged).
  void add(double x);
  std::uint64_t count() const { return n_; }
  //! p in [0, 1] (else std::invalid_argument); 0 when empty.
  double quantile(double p) const;
  //! Bytes held by this sketch, itself included. Bounded by
  //! sizeof(QuantileSketch) + max(kExact, kBins) * 8 + 16 whatever the count.
  std::size_t memory_bytes() const;

 private:
  // implementation-defined members
  struct Histogram;  // kBins counts, the origin and the width
  void build_histogram();
  void grow_to_fit();
  bool fits(double width) const;
  void rebin(double new_width);
  double order_statistic(std::uint64_t j) const;
  bool histogram() const { return n_ > kExact; }
  //! Doubles in the kept values' block (none while one value sits inline).
  std::size_t exact_capacity() const;
  void release();

  // The runner keeps one sketch per (month, metric) cell, hundreds of
  // thousands of them over a long horizon with few replications, so the
  // layout is tight (issue 24, session 13): which of the union's members is
  // live follows from n_ alone. n_ <= 1: the value inline (`one`); 2 <=
  // n_ <= kExact: a block of bit_ceil(n_) values (grown by doubling, as a
  // vector's would), in arrival order until a quantile is asked for, then
  // sorted (keeping them sorted moved half the buffer per value, 4% of a
  // peer-model run); n_ > kExact: the histogram, with its origin and width.
  std::uint64_t n_ = 0;
  union Store {
    double one;
    double* exact;
    Histogram* bins;
  } store_{0.0};
  double min_ = 0.0;
  double max_ = 0.0;
  mutable bool exact_sorted_ = true;
  bool integer_data_ = true;
};

//! Everything the summary reports for one cell.
struct CellSummary {
  double mean, sd, p5, p50, p95;
};

//! One (month, metric) cell: the moments of RunningMoments (the same
//! arithmetic, so the same bits) and a QuantileSketch, whose count, minimum
//! and maximum serve both: 56 bytes and no heap block for one value (was
//! 144 bytes and a 32-byte block).
class CellStatistics {
 public:
  //! Throws std::invalid_argument for NaN or infinite x (state unchanged).
  void add(double x);
  std::uint64_t count() const { return quantiles_.count(); }
  CellSummary summary() const;

 private:
  double mean_ = 0.0;
  double m2_ = 0.0;
  QuantileSketch quantiles_;
};

}  // namespace caseflow
