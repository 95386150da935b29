// caseflow_microbench: Google Benchmark micro-benchmarks of the pieces a
// replication is made of, and of whole replications.
//
//   build-bench/bench/caseflow_microbench                         # everything
//   build-bench/bench/caseflow_microbench --benchmark_filter=Hold
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true   # medians
//
// Groups:
//   EventQueueHold/N      the classic "hold" model (Vaucher & Duval 1975): N
//                         pending events; each operation pops the earliest and
//                         schedules one new event a random increment later.
//                         N = 10^2 .. 10^6 and 5,000. Increments are drawn beforehand, so
//                         only the queue is timed.
//   EventQueueHoldCancel  the same, but each hold also schedules a second event
//                         and cancels it (the model does so for adulthood events,
//                         and whenever a case closes).
//   MakeStream            seeding one random stream (4 per replication).
//   Uniform01, Sample/<family>, SampleLengthBiased/<family>: one draw.
//   Replication/<config>  one full replication (Model::run) of
//                         configs/peer-reference.yaml and of the default
//                         scenario, configs/manchester-2016.yaml (5 years);
//                         counters: events/s and replications/s, one thread.
//   ModelSetup/<config>   parse_scenario + Model construction (once per run,
//                         not per replication).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "caseflow/engine/distribution.h"
#include "caseflow/engine/event_queue.h"
#include "caseflow/engine/random.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"

using namespace caseflow;

namespace {

std::string read_config(const std::string& relative) {
  std::ifstream in(std::string(CASEFLOW_SOURCE_DIR) + "/" + relative);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The same size and layout as the model's event payload (kind + case index).
struct Payload {
  std::uint8_t kind;
  std::uint32_t subject;
};

// Exponential increments with mean 1, drawn once (a power-of-two ring).
const std::vector<double>& increments() {
  static const std::vector<double> values = [] {
    RandomEngine rng = make_stream(1, 0, 0, StreamPurpose::demand);
    std::vector<double> v(1 << 16);
    for (auto& x : v) x = -std::log1p(-uniform01(rng));
    return v;
  }();
  return values;
}

void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  const std::size_t mask = inc.size() - 1;
  EventQueue<Payload> queue;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) queue.schedule(inc[k++ & mask] * static_cast<double>(n), {0, static_cast<std::uint32_t>(i)});
  // Warm up to the hold model's steady state before timing.
  for (std::size_t i = 0; i < 2 * n; ++i) {
    const auto e = queue.pop();
    queue.schedule(e->time + inc[k++ & mask] * static_cast<double>(n), e->payload);
  }
  for (auto _ : state) {
    const auto e = queue.pop();
    benchmark::DoNotOptimize(queue.schedule(e->time + inc[k++ & mask] * static_cast<double>(n), e->payload));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(queue.size());
}
// 5,000: the default scenario's pending events (its mean over events, 5 years;
// the heap holds about 5,550 entries with the cancelled ones), for its
// ns/event against the bare queue's (docs/performance.md, session 12).
BENCHMARK(BM_EventQueueHold)->RangeMultiplier(10)->Range(100, 1000000)->Arg(5000);

void BM_EventQueueHoldCancel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  const std::size_t mask = inc.size() - 1;
  EventQueue<Payload> queue;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) queue.schedule(inc[k++ & mask] * static_cast<double>(n), {0, static_cast<std::uint32_t>(i)});
  for (auto _ : state) {
    const auto e = queue.pop();
    queue.schedule(e->time + inc[k++ & mask] * static_cast<double>(n), e->payload);
    const EventHandle doomed = queue.schedule(e->time + inc[k++ & mask] * static_cast<double>(n), {1, 0});
    benchmark::DoNotOptimize(queue.cancel(doomed));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["heap_entries"] = static_cast<double>(queue.heap_entries());
}
BENCHMARK(BM_EventQueueHoldCancel)->RangeMultiplier(100)->Range(100, 1000000);

void BM_MakeStream(benchmark::State& state) {
  std::uint64_t replication = 0;
  for (auto _ : state) {
    RandomEngine rng = make_stream(20160621, 0, replication++, StreamPurpose::durations);
    benchmark::DoNotOptimize(rng());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MakeStream);

void BM_Uniform01(benchmark::State& state) {
  RandomEngine rng = make_stream(1, 0, 0, StreamPurpose::routing);
  for (auto _ : state) benchmark::DoNotOptimize(uniform01(rng));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Uniform01);

// Parameters like those of the default scenario.
Distribution family(int which) {
  switch (which) {
    case 0: return Distribution::fixed(182.625);
    case 1: return Distribution::exponential(30.0);
    case 2: return Distribution::lognormal(std::log(30.0) - 0.125, 0.5);
    case 3: return Distribution::gamma_mean_sd(5.4, 2.2);
    case 4: return Distribution::triangular(2.0, 6.0, 10.0);
    case 5: return Distribution::uniform(7.0, 240.0);
    case 6: return Distribution::discrete({1, 2, 3, 4, 5}, {0.66, 0.20, 0.09, 0.035, 0.015});
    default:
      return Distribution::histogram({0, 1, 10, 20, 30, 40, 45, 50, 60, 90},
                                     {1.8, 11.7, 17.3, 15.8, 20.2, 18.9, 5.8, 4.3, 4.2});
  }
}
const char* family_name(int which) {
  static const char* names[] = {"fixed", "exponential", "lognormal", "gamma", "triangular", "uniform", "discrete", "histogram"};
  return names[which];
}

void BM_Sample(benchmark::State& state, int which) {
  const Distribution d = family(which);
  RandomEngine rng = make_stream(1, 0, 0, StreamPurpose::durations);
  for (auto _ : state) benchmark::DoNotOptimize(d.sample(rng));
  state.SetItemsProcessed(state.iterations());
}

void BM_SampleLengthBiased(benchmark::State& state, int which) {
  const Distribution d = family(which);
  RandomEngine rng = make_stream(1, 0, 0, StreamPurpose::warm_start);
  for (auto _ : state) benchmark::DoNotOptimize(d.sample_length_biased(rng));
  state.SetItemsProcessed(state.iterations());
}

const char* config_path(int which) { return which == 0 ? "configs/peer-reference.yaml" : "configs/manchester-2016.yaml"; }
const char* config_name(int which) { return which == 0 ? "peer-reference" : "manchester-2016"; }

void BM_Replication(benchmark::State& state, int which) {
  const Model model(parse_scenario(read_config(config_path(which)), config_path(which)));
  std::uint64_t index = 0, events = 0;
  for (auto _ : state) {
    ReplicationResult result = model.run(index++);
    events += result.events;
    benchmark::DoNotOptimize(result.table.at(0, 0));
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/rep"] = static_cast<double>(events) / static_cast<double>(state.iterations());
  state.counters["reps/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_ModelSetup(benchmark::State& state, int which) {
  const std::string text = read_config(config_path(which));
  for (auto _ : state) {
    const Model model(parse_scenario(text, config_path(which)));
    benchmark::DoNotOptimize(model.months());
  }
}

const bool registered = [] {
  for (int f = 0; f < 8; ++f) {
    benchmark::RegisterBenchmark((std::string("BM_Sample/") + family_name(f)).c_str(), BM_Sample, f);
  }
  for (int f : {1, 2, 3, 7})
    benchmark::RegisterBenchmark((std::string("BM_SampleLengthBiased/") + family_name(f)).c_str(), BM_SampleLengthBiased, f);
  for (int c : {0, 1}) {
    benchmark::RegisterBenchmark((std::string("BM_Replication/") + config_name(c)).c_str(), BM_Replication, c)
        ->Unit(benchmark::kMillisecond);  // rates per CPU-second: robust on a shared machine
    benchmark::RegisterBenchmark((std::string("BM_ModelSetup/") + config_name(c)).c_str(), BM_ModelSetup, c)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
