# The statistics that bench/epoch.sh and bench/ratio.sh share, so that both measure an epoch the
# same way. Each reads one number a line on standard input.

# the median
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# the smallest
least() { sort -g | head -1; }

# the epochs after the first, of a run of $1 epochs (all of them if there is only one): the first
# is each side's warm-up, for Java the JIT compiling the kernels, always its slowest epoch; counted
# in, a 3-epoch median would be Java's slower steady epoch against PyTorch's middle one
steady() { if [ "$1" -gt 1 ]; then tail -n +2; else cat; fi; }
