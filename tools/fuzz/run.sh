#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run.sh SECONDS NAME...: each harness fuzz/NAME_fuzz for SECONDS from its
# committed seeds (fuzz/corpus/NAME, copied: the run's finds stay in the
# work directory, $FUZZ_WORK or a temporary one), seed 1. One line each:
# executions, coverage (edges, features) and corpus size. As many run at
# once as there are CPUs ($FUZZ_JOBS). Exits 1 on any crash, leak or
# timeout, after its report and the input's path.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=$1
shift
work=${FUZZ_WORK:-$(mktemp -d)}
jobs=${FUZZ_JOBS:-$(nproc)}

# fuzz_one NAME: one harness; its line (and a failure's report) in $work/NAME/result.
fuzz_one() {
	local name=$1 dir=$work/$1 runs cov
	rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/crashes"
	[ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$dir/corpus/"
	if ! (cd "$dir/crashes" && "$here/${name}_fuzz" -max_total_time="$seconds" -seed=1 \
		-timeout=10 -rss_limit_mb=1024 -print_final_stats=1 "$dir/corpus") >"$dir/log" 2>&1; then
		{
			echo "$name: FAILED; its report:"
			grep -E -A20 'ERROR|runtime error|deadly signal' "$dir/log" | head -40
			ls "$dir/crashes"/* 2>/dev/null | sed 's/^/  input: /'
		} >"$dir/result"
		return
	fi
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$dir/log")
	cov=$(grep -E '^#[0-9]+' "$dir/log" | tail -1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p')
	echo "$name: $runs runs in ${seconds}s, $cov (seeds $(ls "$here/corpus/$name" 2>/dev/null | wc -l)), no crash" \
		>"$dir/result"
}

# One harness per CPU at a time (each is single-threaded); reports in order.
for name in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	fuzz_one "$name" &
done
wait
rc=0
for name in "$@"; do
	cat "$work/$name/result" 2>/dev/null || echo "$name: no result"
	grep -q "^$name: [0-9]* runs" "$work/$name/result" 2>/dev/null || rc=1
done
exit $rc
