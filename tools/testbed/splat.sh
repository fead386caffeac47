#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fail (exit 1) if a guest run shows any kernel splat: a console line that
# KASAN, lockdep, WARN, BUG, an oops, a hung task, a refcount or list check,
# debugobjects or kmemleak prints; a kmemleak report or a taint flag other
# than O (out of tree), E (unsigned) and N (tests ran) in the results.
#   splat.sh console.log [results.txt]
set -uo pipefail

console=$1 results=${2:-}
pattern='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN'
pattern+='|circular locking|recursive locking|inconsistent lock state|lock held when returning'
pattern+='|suspicious RCU usage|unreferenced object|blocked for more than|hung_task'
pattern+='|refcount_t:|list_add corruption|list_del corruption|soft lockup|rcu.*stall'
pattern+='|ODEBUG:|Call Trace:|kernel BUG at|double fault|stack-protector'
# The test kernel's model of Hyper-V: an MSR access Hyper-V would #GP.
pattern+='|hv_model: #GP'

# A test's deliberate crash (init.sh's jump to the crash kernel) is no
# splat: its panic report, from sysrq's line to the end of the trace, is
# left out; what the crash handlers print after it is not.
deliberate() {
	awk '/sysrq: Trigger a crash/ { skip = 1 } !skip { print } skip && /<\/TASK>/ { skip = 0 }' \
		"$console"
}

bad=0
if deliberate | grep -Eq "$pattern"; then
	echo "[hvx] kernel splat in $console:" >&2
	deliberate | grep -En -B2 -A12 "$pattern" | head -80 >&2
	bad=1
fi
if [ -n "$results" ]; then
	if grep -q '^HVX-KMEMLEAK ' "$results"; then
		echo "[hvx] kmemleak report:" >&2
		grep '^HVX-KMEMLEAK ' "$results" | head -40 >&2
		bad=1
	fi
	# O = 4096, E = 8192, N = 262144; one line per kernel of the run.
	for taint in $(sed -n 's/^HVX-TAINT //p' "$results"); do
		if [ $((taint & ~(4096 | 8192 | 262144))) -ne 0 ]; then
			echo "[hvx] kernel tainted: $taint" >&2
			bad=1
		fi
	done
fi
exit $bad
