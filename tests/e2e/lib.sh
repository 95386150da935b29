# Shared by the end-to-end scripts (sourced, not run): a counted check and
# the small predicates the checks use. Each script ends with `finish`.
passed=0
failed=0

check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}
contains() { grep -q -- "$2" "$1"; }
lacks() { ! grep -q -- "$2" "$1"; }

finish() {  # the closing line ctest's log shows, and the script's status
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
