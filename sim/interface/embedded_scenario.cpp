#include "caseflow/interface/cli.h"

namespace caseflow {

const char* embedded_default_scenario() {
  static const char* text =
#include "caseflow/default_scenario.inc"
      ;
  return text;
}

}  // namespace caseflow
