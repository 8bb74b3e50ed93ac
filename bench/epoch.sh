#!/usr/bin/env bash
# Seconds per training epoch of the seed's model, side by side in one run on one machine:
# this project on JDK 17 and JDK 25 (Vector API kernels, 2 threads), and PyTorch running the
# seed's model (Debian's python3-torch, OpenBLAS): its best setting (data preloaded as tensors,
# 1 and 2 threads) and the seed's own data path (DataLoader + ToTensor per image).
#
#   bench/epoch.sh [EPOCHS]        (default 3)
#   OPENCL=1 bench/epoch.sh 3      also the OpenCL kernels (--device opencl) on the first OpenCL
#                                  device: a GPU where there is one; on PoCL (a CPU OpenCL) it is slow
#
# Each run trains EPOCHS epochs from seed 42 and reports the median of its per-epoch training
# times after the first (the training loop only, as history.csv's seconds column and PyTorch's
# timer measure; bench/stats.sh says why the first is left out),
# the test loss after the last epoch, and the peak resident memory of the whole process
# (/usr/bin/time -v). GFLOP/s counts 3.18 MFLOP per image (forward and backward of the seed's
# model) times 60,000 images. Needs: /usr/bin/time (apt-get install time), python3-torch.
#
# The JVM runs with JAVA_OPTS (default: the serial collector, a 100 MB heap of which 8 MB for new
# objects, 32 MB of compiled code and 64 MB of class metadata at most, and transparent huge
# pages for the heap): what training needs is about 60 MB of data and 10 MB of model, and with
# no limit the JVM sizes its heap to the machine (a quarter of the memory) and lets it grow to
# several hundred MB before collecting. Huge pages (2 MB instead of 4 KB) take fewer address
# translations for the kernels' arrays; where the kernel offers them only on request
# (/sys/kernel/mm/transparent_hugepage/enabled = madvise) the JVM asks for them. Objects on
# 64-byte boundaries let the kernels start their packed panels on a cache line (src/main/java/vae/fast/Alignment.java).
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-3}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=${PY:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xmx100m -Xmn8m -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -XX:+UseTransparentHugePages -XX:ObjectAlignmentInBytes=64}
FLOP_PER_EPOCH=191.06e9  # 60,000 images x 3.18 MFLOP (1,592,180 multiply-adds); see bench/README.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -B -ntp compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"

. bench/stats.sh   # median, least, steady
peak_mb() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

rows=()
java_run() { # name, java home, extra train options (extra JVM options in JVM_EXTRA)
  local name=$1 home=$2; shift 2
  local out="$work/$name"
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$out.time" "$home/bin/java" --add-modules jdk.incubator.vector $JAVA_OPTS ${JVM_EXTRA:-} -cp "$cp" vae.cli.Main \
      train --epochs "$EPOCHS" --threads 2 --out "$out" --no-figures --checkpoint-every 1000 "$@" >"$out.log" 2>&1
  local secs loss
  secs=$(tail -n +2 "$out/history.csv" | cut -d, -f8 | steady "$EPOCHS" | median)
  loss=$(tail -n 1 "$out/history.csv" | cut -d, -f5)
  rows+=("$name|$secs|$loss|$(peak_mb "$out.time")")
}
torch_run() { # name, mode, threads
  local name=$1 out="$work/$1"
  /usr/bin/time -v -o "$out.time" "$PY" bench/pytorch_epoch.py --mode "$2" --threads "$3" --epochs "$EPOCHS" >"$out.log" 2>&1
  local secs loss
  secs=$(awk '/^epoch/ {print $8}' "$out.log" | steady "$EPOCHS" | median)
  loss=$(awk '/^epoch/ {l=$6} END {print l}' "$out.log")
  rows+=("$name|$secs|$loss|$(peak_mb "$out.time")")
}

java_run "Java, JDK 17, 2 threads" "$JDK17"
java_run "Java, JDK 25, 2 threads" "$JDK25"
# ARM's width on any machine: the JIT's vectors narrowed to 128 bits; and where the machine has
# AVX-512, the width of AVX2 too
if [ "$("$JDK25/bin/java" --add-modules jdk.incubator.vector tools/PrintSpecies.java 2>/dev/null | grep -c '512-bit')" = 1 ]; then
  JVM_EXTRA="-XX:MaxVectorSize=32" java_run "Java, JDK 25, 2 threads, 256-bit vectors" "$JDK25"
fi
JVM_EXTRA="-XX:MaxVectorSize=16" java_run "Java, JDK 25, 2 threads, 128-bit vectors" "$JDK25"
if [ "${OPENCL:-0}" = 1 ]; then
  java_run "Java, JDK 25, --device opencl" "$JDK25" --device opencl
fi
torch_run "PyTorch, tensors, 1 thread" tensors 1
torch_run "PyTorch, tensors, 2 threads" tensors 2
torch_run "PyTorch, seed's DataLoader, 1 thread" seed 1

best_torch=$(printf '%s\n' "${rows[@]}" | awk -F'|' '/^PyTorch/ {print $2}' | sort -g | head -1)
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
echo "Vectors: $("$JDK25/bin/java" --add-modules jdk.incubator.vector tools/PrintSpecies.java 2>/dev/null)"
echo "Epochs per run: $EPOCHS (median epoch time after the first); PyTorch $("$PY" -c 'import torch; print(torch.__version__)'); JAVA_OPTS: $JAVA_OPTS"
echo
echo "| run | s/epoch | × PyTorch's best | GFLOP/s | test loss after $EPOCHS | peak RSS (MB) |"
echo "|---|---|---|---|---|---|"
for r in "${rows[@]}"; do
  IFS='|' read -r name secs loss mem <<<"$r"
  awk -v n="$name" -v s="$secs" -v b="$best_torch" -v l="$loss" -v m="$mem" -v f="$FLOP_PER_EPOCH" \
      'BEGIN {printf "| %s | %.2f | %.2f | %.0f | %.2f | %s |\n", n, s, s/b, f/s/1e9, l, m}'
done
if [ "${OPENCL:-0}" = 1 ]; then
  echo
  echo "OpenCL: $(grep -o 'OpenCL on .*, [0-9,]* parameters' "$work/Java, JDK 25, --device opencl.log" | sed 's/, [0-9,]* parameters$//')"
fi
