#!/usr/bin/env bash
# The Gatling PutEvents benchmark (issue 4): for each target (null endpoint, embedded endpoint) and each signing
# (unsigned, the main job's cached-key signer, the SDK's signer per request), the highest request rate Gatling sustains
# in the open model with no failed request and at least 98% of the requested rate achieved. Writes a markdown table.
#
# Each series is two runs of io.busquake.simulations.PutEventsBenchmark, each in its own JVM (mvn gatling:test):
#   coarse: a short warm-up, then rates from --start up by x1.25 (1 s settle + 4 s measured each) until a step is not
#           sustained; it brackets the answer between the last sustained rate L and the first that was not.
#   fine:   a 60 s warm-up ramp (--warmup), then from 0.92 L up by x1.04 (2 s settle + 6 s measured each) until a step
#           is not sustained (at most to 1.5 x the bracket's top: a stall can fail a coarse step below the real limit);
#           its highest sustained step is the answer (resolution 4%). If its very first step fails, it is run once more
#           from 0.92 L / 1.25.
# Every run stops at its first step not sustained. A step is not sustained when a request fails, when an arrival is
# dropped because the most requests allowed (about the open-files limit / 3, at most 4,096) were in flight, or when
# under 98% of the requested rate was answered.
# --quick runs the coarse pass only (x1.5, 5 s warm-up, 3 s steps): a check that everything works, not a figure.
#
# Usage: bench/gatling-bench.sh [--quick] [--targets "null embedded"] [--signings "none cached sdk"]
#                               [--entries 10] [--start 500] [--max 40000] [--warmup 60]
#                               [--out results/bench/gatling-<time>]
# Environment: MVN (default mvn), MVN_FLAGS (default -o: dependencies must be in ~/.m2; set it empty to go online).
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

quick=0
targets="null embedded"
signings="none cached sdk"
entries=10
start=500
max=40000
warmup=60
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --targets) targets="$2"; shift ;;
    --signings) signings="$2"; shift ;;
    --entries) entries="$2"; shift ;;
    --start) start="$2"; shift ;;
    --max) max="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gatling-bench: unknown option '$1'; allowed: --quick --targets --signings --entries --start --max --warmup --out" >&2
       exit 2 ;;
  esac
  shift
done
for t in $targets; do
  [[ "$t" == null || "$t" == embedded ]] || { echo "gatling-bench: --targets takes null and/or embedded, not '$t'" >&2; exit 2; }
done
for s in $signings; do
  [[ "$s" == none || "$s" == cached || "$s" == sdk ]] \
    || { echo "gatling-bench: --signings takes none, cached and/or sdk, not '$s'" >&2; exit 2; }
done

cd "$(dirname "$0")/.."
mvn_cmd=${MVN:-mvn}
mvn_flags=${MVN_FLAGS--o}
out=${out:-results/bench/gatling-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"

# x * y, rounded to a whole number
mul() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.0f", x * y }'; }
# a property of a run's summary.properties
prop() { sed -n "s/^$2=//p" "$1/summary.properties"; }

# run <name> <-Dbench.* ...>: one Gatling run; its results go to $out/<name>, its console to $out/<name>.log.
# A run that ends below its first step fails the build on purpose; the summary it wrote is what counts here.
run() {
  local name="$1"; shift
  echo "  $(date -u +%H:%M:%S) $name: $*" | sed 's/-Dbench\.//g'
  $mvn_cmd $mvn_flags -q gatling:test -Dgatling.simulationClass=io.busquake.simulations.PutEventsBenchmark \
    -Dgatling.noReports=true -Dbench.out="$out/$name" \
    -Dbench.entries="$entries" "$@" > "$out/$name.log" 2>&1 || true
  if [[ ! -f "$out/$name/summary.properties" ]]; then
    echo "gatling-bench: $name wrote no summary; see $out/$name.log" >&2
    return 1
  fi
  local sustained unsustained
  sustained=$(prop "$out/$name" sustainedRequestsPerSecond)
  unsustained=$(prop "$out/$name" unsustainedRequestsPerSecond)
  echo "           sustained ${sustained:-nothing}${sustained:+/s}${unsustained:+; $unsustained/s not: $(prop "$out/$name" unsustainedReason)}"
}

echo "gatling-bench: targets [$targets], signings [$signings], $entries entries per request; results in $out"
echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
$mvn_cmd $mvn_flags -q test-compile > "$out/compile.log" 2>&1 \
  || { echo "gatling-bench: the build failed; see $out/compile.log" >&2; exit 1; }

declare -A answer
for target in $targets; do
  for signing in $signings; do
    series="$target-$signing"
    echo "$series"
    if [[ $quick == 1 ]]; then
      run "$series-coarse" -Dbench.target="$target" -Dbench.signing="$signing" -Dbench.rate="$start" \
        -Dbench.maxRate="$max" -Dbench.factor=1.5 -Dbench.warmupSeconds=5 -Dbench.settleSeconds=1 \
        -Dbench.measureSeconds=2 || continue
      answer[$series]="$out/$series-coarse"
      continue
    fi
    run "$series-coarse" -Dbench.target="$target" -Dbench.signing="$signing" -Dbench.rate="$start" \
      -Dbench.maxRate="$max" -Dbench.factor=1.25 -Dbench.warmupSeconds=15 -Dbench.settleSeconds=1 \
      -Dbench.measureSeconds=4 || continue
    low=$(prop "$out/$series-coarse" sustainedRequestsPerSecond)
    high=$(prop "$out/$series-coarse" unsustainedRequestsPerSecond)
    answer[$series]="$out/$series-coarse"
    if [[ -z "$low" || -z "$high" ]]; then
      # Nothing sustained at --start, or everything up to --max: the coarse pass is all there is to say.
      continue
    fi
    fine() { # <name> <from>: the fine ladder from <from>
      run "$1" -Dbench.target="$target" -Dbench.signing="$signing" -Dbench.rate="$2" \
        -Dbench.maxRate="$(mul "$high" 1.5)" -Dbench.factor=1.04 -Dbench.warmupSeconds="$warmup" \
        -Dbench.settleSeconds=2 -Dbench.measureSeconds=6
    }
    fine "$series-fine" "$(mul "$low" 0.92)" || continue
    answer[$series]="$out/$series-fine"
    if [[ -z "$(prop "$out/$series-fine" sustainedRequestsPerSecond)" ]]; then
      fine "$series-fine-lower" "$(mul "$low" 0.736)" || continue
      answer[$series]="$out/$series-fine-lower"
    fi
  done
done

# The table: one row per series, the share of the same target's unsigned rate beside each signed one.
table="$out/table.md"
{
  echo "| target | signing | highest sustained requests/s | events/s | achieved | p50 / p99 ms | CPU us/request | of unsigned | next step up, and why it was not sustained |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for target in $targets; do
    for signing in $signings; do
      dir=${answer[$target-$signing]:-}
      if [[ -z "$dir" ]]; then
        echo "| $target | $signing | (no result: see $out/$target-$signing-*.log) | | | | | | |"
        continue
      fi
      rate=$(prop "$dir" sustainedRequestsPerSecond)
      achieved=$(prop "$dir" sustainedAchievedPerSecond)
      unsigned_dir=${answer[$target-none]:-}
      share=""
      if [[ -n "$rate" && -n "$unsigned_dir" && "$signing" != none ]]; then
        base=$(prop "$unsigned_dir" sustainedRequestsPerSecond)
        [[ -n "$base" ]] && share=$(awk -v a="$rate" -v b="$base" 'BEGIN { printf "%.0f%%", 100 * a / b }')
      fi
      label=$(case "$signing" in none) echo unsigned ;; cached) echo "signed, cached key (main job)" ;;
                                 sdk) echo "signed, SDK signer per request" ;; esac)
      if [[ -z "$rate" ]]; then
        echo "| $target | $label | none from $(prop "$dir" rates | cut -d' ' -f1)/s | | | | | | $(prop "$dir" unsustainedReason) |"
        continue
      fi
      next="$(prop "$dir" unsustainedRequestsPerSecond)"
      next=${next:+$next/s: $(prop "$dir" unsustainedReason)}
      next=${next:-every step sustained, up to $(prop "$dir" rates | awk '{ print $NF }')/s}
      echo "| $target | $label | $rate | $(mul "$rate" "$entries") | $achieved/s ($(awk -v a="$achieved" -v r="$rate" 'BEGIN { printf "%.1f%%", 100 * a / r }')) | $(prop "$dir" sustainedP50Millis) / $(prop "$dir" sustainedP99Millis) | $(prop "$dir" sustainedCpuMicrosPerRequest) | ${share:-–} | $next |"
    done
  done
  echo
  echo "$(nproc 2>/dev/null || echo '?') cores; $entries entries per request; $(java -version 2>&1 | head -1);" \
       "load average at the end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $(date -u +%Y-%m-%dT%H:%MZ)."
  [[ $quick == 1 ]] && echo "Quick run (coarse pass only, x1.5 steps of 3 s): a check, not a figure."
} > "$table"
echo
cat "$table"
echo
echo "gatling-bench: table in $table; each run's steps.csv, summary.properties and console log beside it;" \
     "Gatling's own simulation logs in target/gatling (the pom names that folder)"
