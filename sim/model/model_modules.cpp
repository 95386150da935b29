#include "caseflow/model/costs.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/module.h"

namespace caseflow {

// A new module that reads the model is registered here.
ModelModules standard_modules(const Scenario& scenario) {
  ModelModules modules;
  if (scenario.costs && scenario.costs->enabled) modules.push_back(make_costs_module(scenario));
  return modules;
}

}  // namespace caseflow
