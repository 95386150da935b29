#!/usr/bin/env bash
# End-to-end tests of `caseflow schema`: the JSON Schema is valid draft 7,
# every shipped scenario fits it (as written, and as the loader resolved it),
# a misspelt key fails it as it fails `caseflow validate`, and the committed
# docs/config-reference.md and docs/scenario.schema.json are what the binary
# writes now (scripts/config-reference.sh rewrites them).
# Needs Python's jsonschema and yaml (Debian: python3-jsonschema python3-yaml,
# which scripts/install-deps.sh --test installs).
# Usage: test_schema.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
python3 -c 'import jsonschema, yaml' 2>/dev/null ||
  { echo "test_schema.sh: needs python3-jsonschema and python3-yaml (scripts/install-deps.sh --test installs them)" >&2; exit 1; }

# fits SCHEMA FILE: whether the YAML file fits the schema, each misfit printed.
# YAML is read as the YAML 1.2 core schema reads it, as caseflow and editors
# do: a date stays text (caseflow reads YYYY-MM-DD itself) and 1e+09 is a number.
cat >"$work/fits.py" <<'PY'
import json, re, sys
import jsonschema, yaml

class Loader(yaml.SafeLoader):
    pass

Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"),
    list("-+.0123456789"))

schema = json.load(open(sys.argv[1]))
if len(sys.argv) == 2:
    jsonschema.Draft7Validator.check_schema(schema)
    sys.exit(0)
document = yaml.load(open(sys.argv[2]), Loader=Loader)
errors = list(jsonschema.Draft7Validator(schema).iter_errors(document))
for error in errors:
    print("%s: %s: %s" % (sys.argv[2], ".".join(str(p) for p in error.absolute_path), error.message[:300]))
sys.exit(1 if errors else 0)
PY
fits() { python3 "$work/fits.py" "$@"; }
misfits() { ! fits "$@" >/dev/null; }

"$caseflow" schema --out "$work/schema.json"
check "schema --out writes the schema" test -s "$work/schema.json"
"$caseflow" schema >"$work/printed.json"
check "schema prints the same schema" cmp -s "$work/schema.json" "$work/printed.json"
check "the schema is a valid draft-07 JSON Schema" fits "$work/schema.json"
check "the schema says it is draft 7" contains "$work/schema.json" '"$schema": "http://json-schema.org/draft-07/schema#"'
"$caseflow" schema --help >"$work/help.txt"
check "schema --help says how to use it in VS Code" contains "$work/help.txt" 'yaml-language-server: \$schema='

# The committed files are what this binary writes: a key added to the loader
# changes them, and the test fails until they are written again.
"$caseflow" schema --markdown --out "$work/reference.md"
check "docs/config-reference.md is current (scripts/config-reference.sh)" cmp -s "$work/reference.md" "$src/docs/config-reference.md"
check "docs/scenario.schema.json is current (scripts/config-reference.sh)" cmp -s "$work/schema.json" "$src/docs/scenario.schema.json"

# Every shipped scenario (sweep specs have their own format: they name a `base`).
scenarios=0
while IFS= read -r config; do
  grep -qE '^(scenario|extends):' "$config" || continue
  scenarios=$((scenarios + 1))
  name=${config#"$src"/}
  check "$name as written fits the schema" fits "$work/schema.json" "$config"
  resolved="$work/resolved-${name//\//_}"
  "$caseflow" validate "$config" --resolved >"$resolved"
  check "$name loads (validate --resolved)" test -s "$resolved"
  check "$name as the loader resolved it fits the schema" fits "$work/schema.json" "$resolved"
done < <(find "$src/configs" -name '*.yaml' | sort)
check "the shipped scenarios were found" test "$scenarios" -ge 9

# A layer over a base need not repeat the base's required keys; a complete
# scenario must have them.
cat >"$work/layer.yaml" <<YAML
extends: $src/configs/manchester-2016.yaml
workforce: {teams: {locality: {managers: 4}}}
YAML
check "a layer that changes one key fits" fits "$work/schema.json" "$work/layer.yaml"
printf 'scenario: {name: bare, start_date: 2021-01-01}\n' >"$work/bare.yaml"
check "a scenario without demand or pathway does not fit" misfits "$work/schema.json" "$work/bare.yaml"

# A misspelt key: the schema flags it, and the loader refuses it (exit 2) with its own message.
tiny_scenario "$work/typo.yaml"
sed -i 's/contacts_per_year/contacts_per_yaer/' "$work/typo.yaml"
fits "$work/schema.json" "$work/typo.yaml" >"$work/typo-schema.txt"
check "a misspelt key does not fit the schema" test $? -ne 0
check "the schema names the misspelt key" contains "$work/typo-schema.txt" "contacts_per_yaer"
"$caseflow" validate "$work/typo.yaml" >/dev/null 2>"$work/typo-validate.txt"
check "validate refuses the misspelt key (exit 2)" test $? -eq 2
check "validate names the key and the one meant" contains "$work/typo-validate.txt" "demand.contacts_per_yaer.*did you mean 'contacts_per_year'"

# A word outside its choices and a number out of range are caught too.
tiny_scenario "$work/word.yaml"
printf 'workforce:\n  grades: {sw: {}}\n  teams: {t: {holds: [work], caseload_cap: 18, workers: {sw: 5}, managers: 1}}\n  allocation: {when_full: overflow}\n' >>"$work/word.yaml"
check "a word outside its choices does not fit" misfits "$work/schema.json" "$work/word.yaml"
sed -i 's/when_full: overflow/when_full: queue/; s/probability: 1}\]}$/probability: 1.5}]}/' "$work/word.yaml"
check "a probability above 1 does not fit" misfits "$work/schema.json" "$work/word.yaml"

finish
