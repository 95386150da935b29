// statistics.cpp: streaming moments and fixed-memory quantiles per cell.
#include "caseflow/runner/statistics.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caseflow {

namespace {

void require_finite(double x) {
  // A NaN or infinity here is a bug upstream (e.g. 0/0 in a share); ignoring it
  // would let the mean and the quantiles disagree on the count, so refuse it.
  if (!std::isfinite(x)) throw std::invalid_argument("statistics: value is not finite");
}

// floor(x / w) for w a power of two. ldexp scales exactly unless the result is
// subnormal; a negative x that underflows to -0 still belongs in bin -1.
double floor_div(double x, double w) {
  double q = std::floor(std::ldexp(x, -std::ilogb(w)));
  if (x < 0.0 && q >= 0.0) q = -1.0;
  return q;
}

// Type-7 interpolation between neighbouring order statistics.
double lerp(double a, double b, double t) {
  double d = b - a;
  if (!std::isfinite(d)) return (1.0 - t) * a + t * b;  // a, b near +-DBL_MAX
  return a + t * d;
}

// Welford (1962), "Note on a method for calculating corrected sums of squares
// and products", Technometrics 4(3): x is the n-th value (n >= 1). Updating
// the mean and the sum of squared deviations avoids the cancellation of
// sum(x^2) - n*mean^2 when the mean is large against the spread (e.g. counts
// near 5,000 that vary by tens).
void welford_add(double x, std::uint64_t n, double& mean, double& m2) {
  if (n == 1) {
    mean = x;
    m2 = 0.0;
    return;
  }
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);  // both factors share a sign, so m2 never drops
}

// Sample variance (n - 1 denominator); 0 with fewer than two values.
double sample_variance(std::uint64_t n, double m2) { return n < 2 ? 0.0 : m2 / static_cast<double>(n - 1); }

}  // namespace

//===-- RunningMoments ---------------------------------------------------===//

void RunningMoments::add(double x) {
  require_finite(x);
  ++n_;
  welford_add(x, n_, mean_, m2_);
  min_ = n_ == 1 ? x : std::min(min_, x);
  max_ = n_ == 1 ? x : std::max(max_, x);
}

double RunningMoments::variance() const { return sample_variance(n_, m2_); }

double RunningMoments::sd() const { return std::sqrt(variance()); }

//===-- QuantileSketch ---------------------------------------------------===//

// Past kExact values: the counts, and where they lie. Kept in the block, not
// in the sketch, so that the many sketches of one or a few values are small.
struct QuantileSketch::Histogram {
  std::array<std::uint64_t, kBins> counts{};
  double origin = 0.0;  // left edge of bin 0, in units of width (an integer)
  double width = 0.0;
};

QuantileSketch::QuantileSketch(const QuantileSketch& other)
    : n_(other.n_),
      store_(other.store_),
      min_(other.min_),
      max_(other.max_),
      exact_sorted_(other.exact_sorted_),
      integer_data_(other.integer_data_) {
  if (histogram()) {
    store_.bins = new Histogram(*other.store_.bins);
  } else if (n_ >= 2) {
    store_.exact = new double[exact_capacity()];
    std::copy(other.store_.exact, other.store_.exact + n_, store_.exact);
  }
}

QuantileSketch::QuantileSketch(QuantileSketch&& other) noexcept
    : n_(other.n_),
      store_(other.store_),
      min_(other.min_),
      max_(other.max_),
      exact_sorted_(other.exact_sorted_),
      integer_data_(other.integer_data_) {
  other.n_ = 0;  // the block is ours now; the other is empty
  other.store_.one = 0.0;
  other.exact_sorted_ = true;
  other.integer_data_ = true;
}

QuantileSketch& QuantileSketch::operator=(QuantileSketch other) noexcept {
  swap(*this, other);
  return *this;
}

QuantileSketch::~QuantileSketch() { release(); }

void swap(QuantileSketch& a, QuantileSketch& b) noexcept {
  using std::swap;
  swap(a.n_, b.n_);
  swap(a.store_, b.store_);
  swap(a.min_, b.min_);
  swap(a.max_, b.max_);
  swap(a.exact_sorted_, b.exact_sorted_);
  swap(a.integer_data_, b.integer_data_);
}

void QuantileSketch::release() {
  if (histogram()) {
    delete store_.bins;
  } else if (n_ >= 2) {
    delete[] store_.exact;
  }
}

std::size_t QuantileSketch::exact_capacity() const {
  return n_ >= 2 && !histogram() ? std::bit_ceil(static_cast<std::size_t>(n_)) : 0;
}

void QuantileSketch::add(double x) {
  require_finite(x);
  const std::uint64_t kept = n_;  // values so far
  if (kept >= 1 && kept < kExact && std::has_single_bit(kept)) {
    // The block is full (or the value is inline): double it, as a vector
    // would (1, 2, 4 ... kExact values). A run of few replications over a
    // long horizon has one value in each of hundreds of thousands of cells;
    // a 2 KiB block each was 197 MiB and 60% of the time of the M/M/1 run
    // (bench/mm1.yaml, 1,521 months). Allocated before anything changes.
    auto* grown = new double[2 * kept];
    if (kept == 1) {
      grown[0] = store_.one;
    } else {
      std::copy(store_.exact, store_.exact + kept, grown);
      delete[] store_.exact;
    }
    store_.exact = grown;
  }
  if (kept == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  if (x != std::floor(x)) integer_data_ = false;  // bins already built stay valid

  if (kept < kExact) {
    if (kept == 0) {
      store_.one = x;
    } else {
      store_.exact[kept] = x;
    }
    ++n_;
    exact_sorted_ = kept == 0;
    return;
  }
  if (kept == kExact) build_histogram();  // min_/max_ already include x, so x will fit
  ++n_;

  Histogram& h = *store_.bins;
  double k = floor_div(x, h.width) - h.origin;
  if (k < 0.0 || k >= static_cast<double>(kBins)) {
    grow_to_fit();
    k = floor_div(x, h.width) - h.origin;
  }
  assert(k >= 0.0 && k < static_cast<double>(kBins));
  ++h.counts[static_cast<std::size_t>(k)];
}

// Does [min_, max_] fit in kBins bins of this width, edges on its multiples?
bool QuantileSketch::fits(double width) const {
  return floor_div(max_, width) - floor_div(min_, width) < static_cast<double>(kBins);
}

void QuantileSketch::build_histogram() {
  // Smallest power-of-two width that fits the range. Integer data never go
  // below width 1 (so bin [k, k+1) holds exactly k); other data stop at 2^-52
  // of the largest magnitude so that x / width stays an exact double.
  double width;
  if (integer_data_) {
    width = 1.0;
  } else {
    const double big = std::max(std::abs(min_), std::abs(max_));  // > 0: data not integer
    width = std::ldexp(1.0, std::max(std::ilogb(big) - 52, -1074));
  }
  // range / kBins is a lower bound on any width that fits; start there.
  const double per_bin =
      max_ / static_cast<double>(kBins) - min_ / static_cast<double>(kBins);
  if (per_bin > 0.0) width = std::max(width, std::ldexp(1.0, std::ilogb(per_bin)));
  while (!fits(width)) width *= 2.0;

  // Called with kExact values kept (n_ not yet past it): bin them, then
  // free their block.
  auto* h = new Histogram();
  h->width = width;
  h->origin = floor_div(min_, width);
  double* kept = store_.exact;
  for (std::size_t i = 0; i < kExact; ++i) ++h->counts[static_cast<std::size_t>(floor_div(kept[i], h->width) - h->origin)];
  delete[] kept;
  store_.bins = h;
}

void QuantileSketch::grow_to_fit() {
  // Fit is monotone in the width along powers of two, so doubling finds the
  // smallest multiple of the current width that fits; 2^1023 fits any finite
  // range, so this stops before overflow.
  double width = store_.bins->width;
  while (!fits(width)) width *= 2.0;
  rebin(width);
}

void QuantileSketch::rebin(double new_width) {
  // new_width / width is a power of two, so each old bin lies inside exactly
  // one new bin: counts merge, never split. The origin moves to the multiple
  // of the new width at or below min_. A non-empty old bin holds some datum d
  // in [min_, max_], and its new bin is d's new bin, so it lands in range.
  const double new_origin = floor_div(min_, new_width);
  Histogram& h = *store_.bins;
  const int shift = std::ilogb(h.width) - std::ilogb(new_width);  // <= 0
  std::array<std::uint64_t, kBins> merged{};  // on the stack: no allocation
  for (std::size_t i = 0; i < kBins; ++i) {
    if (h.counts[i] == 0) continue;
    const double edge = h.origin + static_cast<double>(i);  // in old widths
    double q = std::floor(std::ldexp(edge, shift));
    if (edge < 0.0 && q >= 0.0) q = -1.0;
    const double k = q - new_origin;
    assert(k >= 0.0 && k < static_cast<double>(kBins));
    merged[static_cast<std::size_t>(k)] += h.counts[i];
  }
  h.counts = merged;
  h.width = new_width;
  h.origin = new_origin;
}

// Estimate of the j-th smallest value (0-based). Exact while the values are
// kept. From the histogram: the extremes are known exactly; otherwise the c
// values of the bin holding rank j are taken as spread evenly over the bin's
// support, the r-th (0-based) at fraction (r + 1/2) / c of it. The support is
// [lo, lo + width) clipped to [min, max], and for integer data
// [lo, lo + width - 1], so a width-1 bin is a point mass at lo. Each estimate
// lies in the same bin as the true order statistic, hence within one width of
// it (width - 1 for integer data), and estimates never decrease with j.
double QuantileSketch::order_statistic(std::uint64_t j) const {
  if (!histogram()) {
    if (n_ == 1) return store_.one;
    if (!exact_sorted_) {
      // Stable, as the sorted inserts were: -0.0 and +0.0 keep their order.
      std::stable_sort(store_.exact, store_.exact + n_);
      exact_sorted_ = true;
    }
    return store_.exact[static_cast<std::size_t>(j)];
  }
  if (j == 0) return min_;
  if (j + 1 == n_) return max_;
  const Histogram& h = *store_.bins;
  std::uint64_t before = 0;
  for (std::size_t b = 0; b < kBins; ++b) {
    const std::uint64_t c = h.counts[b];
    if (j < before + c) {
      const double lo = std::ldexp(h.origin + static_cast<double>(b), std::ilogb(h.width));
      const double span = integer_data_ ? h.width - 1.0 : h.width;
      const double from = std::max(lo, min_);
      const double to = std::min(lo + span, max_);
      const double frac = (static_cast<double>(j - before) + 0.5) / static_cast<double>(c);
      return from + (to - from) * frac;
    }
    before += c;
  }
  return max_;  // unreachable: the counts sum to n_
}

// Hyndman & Fan (1996), "Sample quantiles in statistical packages", The
// American Statistician 50(4), definition 7: h = (n - 1) p, then linear
// interpolation between order statistics floor(h) and floor(h) + 1. This is
// R's and NumPy's default. From the histogram the same rule is applied to the
// estimated order statistics; each is within one bin width of the truth, so
// their interpolation is too.
double QuantileSketch::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must be in [0, 1]");
  if (n_ == 0) return 0.0;
  const double h = static_cast<double>(n_ - 1) * p;
  const double lower = std::floor(h);
  const auto j = static_cast<std::uint64_t>(lower);
  if (j + 1 >= n_) return order_statistic(n_ - 1);
  const double t = h - lower;
  const double a = order_statistic(j);
  if (t == 0.0) return a;
  return lerp(a, order_statistic(j + 1), t);
}

std::size_t QuantileSketch::memory_bytes() const {
  return sizeof(*this) + exact_capacity() * sizeof(double) +
         (histogram() ? sizeof(Histogram) : 0);
}

//===-- CellStatistics ---------------------------------------------------===//

// RunningMoments' arithmetic, with the sketch's count: the same bits. The
// sketch goes first and refuses a value that is not finite, so neither half
// takes it.
void CellStatistics::add(double x) {
  quantiles_.add(x);
  welford_add(x, quantiles_.count(), mean_, m2_);
}

CellSummary CellStatistics::summary() const {
  const std::uint64_t n = quantiles_.count();
  return CellSummary{n ? mean_ : 0.0, std::sqrt(sample_variance(n, m2_)), quantiles_.quantile(0.05),
                     quantiles_.quantile(0.5), quantiles_.quantile(0.95)};
}

}  // namespace caseflow
