#!/usr/bin/env bash
# Layers point one way: Model ← Text ← RuleBook ← stages ← Pipeline ← Evaluate ← CLI. A folder may
# use the types its own layer and the layers below it declare, never those of a layer above. This
# lists the types each folder declares and fails when a lower folder names one from above.
set -euo pipefail
cd "$(dirname "$0")/../Sources/Tiqu"
layers=(Model Text RuleBook "Ingest Clean Normalize Segment Extract Emit" Pipeline Evaluate)
declared() {  # the type names a folder (or Pipeline.swift) declares
  local dir=$1; [ "$dir" = Pipeline ] && dir=Pipeline.swift
  grep -rhoE '^(public |final |indirect )*(struct|enum|class|protocol|typealias) [A-Z][A-Za-z0-9]*' $dir \
    | awk '{print $NF}' | sort -u
}
files() { local dir=$1; [ "$dir" = Pipeline ] && echo Pipeline.swift || find "$dir" -name '*.swift'; }
status=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  for ((j = i + 1; j < ${#layers[@]}; j++)); do
    for upper in ${layers[j]}; do
      for type in $(declared "$upper"); do
        for lower in ${layers[i]}; do
          # Strip comments and string literals' doc text before looking for the name.
          if hits=$(files "$lower" | xargs sed -e 's://.*$::' | grep -nwE "$type" ); then
            echo "layers: $lower uses $type, declared in $upper above it" >&2
            status=1
          fi
        done
      done
    done
  done
done
# Stages are one layer: each may use the ones before it in the flow, never one after it.
stages=(Ingest Clean Normalize Segment Extract Emit)
for ((i = 0; i < ${#stages[@]}; i++)); do
  for ((j = i + 1; j < ${#stages[@]}; j++)); do
    for type in $(declared "${stages[j]}"); do
      if files "${stages[i]}" | xargs sed -e 's://.*$::' | grep -wE "$type" >/dev/null; then
        echo "layers: ${stages[i]} uses $type, declared in ${stages[j]} after it in the flow" >&2
        status=1
      fi
    done
  done
done
[ $status = 0 ] && echo "layers: every folder points down"
exit $status
