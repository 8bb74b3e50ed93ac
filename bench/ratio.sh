#!/usr/bin/env bash
# The epoch-time ratio of this project (JDK 25, Vector API kernels, 2 threads) to PyTorch's best
# setting (preloaded tensors, 2 threads), measured in ROUNDS alternating rounds.
#
#   bench/ratio.sh [ROUNDS] [EPOCHS]        (defaults 5 and 3)
#
# A shared machine (a cloud VM) changes speed by as much as 1.7x from one minute to the next as
# its neighbours come and go, so one Java run and one PyTorch run a minute apart can land in
# different states. Each round here runs the two back to back and reports their ratio; the
# median over the rounds is the figure to quote, with its range. Each run's time is the median of
# its per-epoch training times after the first, as bench/epoch.sh measures them (the first is each
# side's warm-up, for Java the JIT compiling the kernels). Each round also gives the ratio of the
# two runs' fastest epochs after the first: a core here runs some stretches of seconds at about
# half its speed (the same thread's CPU time for the same product doubles), and the fastest
# epoch of each is the one least touched by that. Needs python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
EPOCHS=${2:-3}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=${PY:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx100m -Xmn8m -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -XX:+UseTransparentHugePages -XX:ObjectAlignmentInBytes=64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -B -ntp compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"
. bench/stats.sh   # median, least, steady

echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
echo "Vectors: $("$JDK25/bin/java" --add-modules jdk.incubator.vector tools/PrintSpecies.java 2>/dev/null)"
echo "Rounds: $ROUNDS, $EPOCHS epochs a run (median epoch time after the first)"
echo
echo "| round | Java, JDK 25, 2 threads (s/epoch) | PyTorch, tensors, 2 threads (s/epoch) | ratio | fastest epochs: Java, PyTorch | their ratio |"
echo "|---|---|---|---|---|---|"
ratios=()
bests=()
for r in $(seq "$ROUNDS"); do
  out="$work/java$r"
  # shellcheck disable=SC2086
  "$JDK25/bin/java" --add-modules jdk.incubator.vector $JAVA_OPTS -cp "$cp" vae.cli.Main \
      train --epochs "$EPOCHS" --threads 2 --out "$out" --no-figures --checkpoint-every 1000 >"$out.log" 2>&1
  tail -n +2 "$out/history.csv" | cut -d, -f8 | steady "$EPOCHS" >"$work/java$r.s"
  java_s=$(median <"$work/java$r.s")
  java_best=$(least <"$work/java$r.s")
  "$PY" bench/pytorch_epoch.py --mode tensors --threads 2 --epochs "$EPOCHS" 2>/dev/null \
      | awk '/^epoch/ {print $8}' | steady "$EPOCHS" >"$work/torch$r"
  torch_s=$(median <"$work/torch$r")
  torch_best=$(least <"$work/torch$r")
  ratio=$(awk -v j="$java_s" -v t="$torch_s" 'BEGIN {printf "%.2f", j / t}')
  best=$(awk -v j="$java_best" -v t="$torch_best" 'BEGIN {printf "%.2f", j / t}')
  ratios+=("$ratio")
  bests+=("$best")
  echo "| $r | $java_s | $torch_s | $ratio | $java_best, $torch_best | $best |"
done
summary() { echo "$(printf '%s\n' "$@" | median) (from $(printf '%s\n' "$@" | least) to $(printf '%s\n' "$@" | sort -g | tail -1))"; }
echo
echo "Median ratio: $(summary "${ratios[@]}")"
echo "Median ratio of the fastest epochs: $(summary "${bests[@]}")"
