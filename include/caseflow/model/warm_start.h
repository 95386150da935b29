//===----------------------------------------------------------------------===//
// warm_start.h: the children already open when the run starts
//
// The scenario gives the opening caseload as counts by state (placed as a
// stationary system would hold them: length-biased routes and spells, part
// served) or as a case-level extract (each case's route and time left drawn
// given the time it has spent already), plus the closed children waiting to
// be re-referred. Draws only from the warm-start stream.
//===----------------------------------------------------------------------===//
#pragma once

#include "caseflow/model/replication_context.h"

namespace caseflow::model {

class Allocation;
class PathwayFlow;
class Timeliness;
class Workload;

//! Places the opening caseload at time 0 in the flow's case book; with a
//! workforce (allocation not null), each case is allocated or queued as it is
//! placed; with capacity in hours (workload not null), it takes on its tasks.
void place_opening_caseload(ReplicationContext& context, PathwayFlow& flow, const Timeliness& timeliness,
                            const Allocation* allocation, Workload* workload);

}  // namespace caseflow::model
