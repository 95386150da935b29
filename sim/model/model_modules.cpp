#include "caseflow/model/module.h"

namespace caseflow {

// A new module that reads the model is registered here, e.g.
//   if (scenario.costs) modules.push_back(std::make_shared<CostsModule>(*scenario.costs));
// None does yet: the first (costs) comes with the finance issue.
ModelModules standard_modules(const Scenario& /*scenario*/) { return {}; }

}  // namespace caseflow
