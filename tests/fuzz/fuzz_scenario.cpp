// libFuzzer target for the scenario loader: any input must end in a Scenario
// or a ConfigError, never a crash, a hang, another exception or a sanitizer
// report. Inputs that load and describe a small system are also simulated
// for a few months with the invariant checks on.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"
#include "caseflow/model/workforce_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  caseflow::Scenario scenario;
  try {
    scenario = caseflow::parse_scenario(text, "fuzz.yaml");
  } catch (const caseflow::ConfigError&) {
    return 0;  // a clear error is the right answer to bad input
  }
  // Anything else escaping the loader is a bug: let it abort the fuzzer.

  // Simulate only what finishes quickly, so a legal but huge scenario is not
  // mistaken for a hang.
  double open = scenario.warm_start.re_referrals_pending;
  for (const auto& [state, n] : scenario.warm_start.open_by_state) open += n;
  if (scenario.demand.contacts_per_year > 20000 || open > 5000) return 0;
  scenario.simulation.years = std::min(scenario.simulation.years, 0.5);
  caseflow::ModelOptions options;
  options.check_invariants = true;
  const caseflow::Model model(std::move(scenario), options);
  model.run(0);
  return 0;
}
