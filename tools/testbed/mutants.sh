#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove that the tests can fail: break one check of the ring core at a time
# (in a scratch copy of the tree) and require `make check` to fail for each.
# Slow (a full check per mutant); run by hand after changing vmbus/ring.c.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# name | perl substitution applied to vmbus/ring.c
mutants=(
	'reader trusts len8 against published bytes|s/ \|\|\n\t    len \+ HVX_RING_TRAILER_SIZE > avail\)/)/'
	'reader accepts offset8 past the packet|s/ \|\| offset > len//'
	'index may point past the ring|s/\*index < ring->size && //'
	'index may be unaligned|s/ && IS_ALIGNED\(\*index, HVX_RING_ALIGN\)//'
	'writer may fill the last free byte|s/<= packet_len \+ HVX_RING_TRAILER_SIZE/< packet_len + HVX_RING_TRAILER_SIZE/'
	'writer ignores interrupt_mask|s/if \(READ_ONCE\(ring->hdr->interrupt_mask\)\)\n\t\treturn 0;//'
	'commit ignores pending_send_sz threshold|s/ring_free\(ring, write, before\) > pending \|\|\n\t    //'
)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
survived=0
for m in "${mutants[@]}"; do
	name=${m%%|*} expr=${m#*|}
	rm -rf "$scratch/tree" && mkdir -p "$scratch/tree"
	tar -C "$HVX_TOP" --exclude=.git -cf - . | tar -C "$scratch/tree" -xf -
	perl -0pi -e "$expr" "$scratch/tree/vmbus/ring.c"
	if cmp -s "$HVX_TOP/vmbus/ring.c" "$scratch/tree/vmbus/ring.c"; then
		echo "STALE   $name (pattern no longer matches vmbus/ring.c)"
		survived=$((survived + 1))
		continue
	fi
	if HVX_CHECK_OUT=$scratch/check FUZZ_RUNS=200000 \
		"$scratch/tree/tools/testbed/check.sh" >"$scratch/log" 2>&1; then
		echo "SURVIVED $name"
		survived=$((survived + 1))
	else
		echo "killed  $name: $(grep -E '^FAIL|^kunit' "$scratch/log" | grep -v 'passed: [0-9]*$' | head -3 | tr '\n' ';')"
	fi
done
[ "$survived" = 0 ]
