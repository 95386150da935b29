# Writes version.h with the project version and the git commit (or "unknown"
# outside a checkout). Re-run at every build so the commit stays current.
set(CASEFLOW_VERSION_IN ${CMAKE_CURRENT_LIST_DIR}/version.h.in)
set(CASEFLOW_VERSION_OUT ${CMAKE_BINARY_DIR}/generated/caseflow/version.h)
add_custom_target(caseflow_version
  COMMAND ${CMAKE_COMMAND}
          -DIN=${CASEFLOW_VERSION_IN} -DOUT=${CASEFLOW_VERSION_OUT}
          -DSRC=${CMAKE_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_CURRENT_LIST_DIR}/WriteVersion.cmake
  BYPRODUCTS ${CASEFLOW_VERSION_OUT}
  COMMENT "Recording git commit")
