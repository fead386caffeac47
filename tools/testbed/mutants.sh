#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove that the tests can fail: break one check of the core at a time
# (in a scratch copy of the tree) and require `make check` to fail for each.
# Slow (a full check per mutant); run by hand after changing these files.
# MUTANTS=<text> runs only the mutants whose file path contains <text>.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# file | name | perl substitution applied to the file
mutants=(
	'vmbus/ring.c|reader trusts len8 against published bytes|s/ \|\|\n\t    len \+ HVX_RING_TRAILER_SIZE > avail\)/)/'
	'vmbus/ring.c|reader accepts offset8 past the packet|s/ \|\| offset > len//'
	'vmbus/ring.c|index may point past the ring|s/\*index < ring->size && //'
	'vmbus/ring.c|index may be unaligned|s/ && IS_ALIGNED\(\*index, HVX_RING_ALIGN\)//'
	'vmbus/ring.c|writer may fill the last free byte|s/<= packet_len \+ HVX_RING_TRAILER_SIZE/< packet_len + HVX_RING_TRAILER_SIZE/'
	'vmbus/ring.c|writer ignores interrupt_mask|s/if \(READ_ONCE\(ring->hdr->interrupt_mask\)\)\n\t\treturn 0;//'
	'vmbus/ring.c|commit ignores pending_send_sz threshold|s/ring_free\(ring, write, before\) > pending \|\|\n\t    //'
	'vmbus/msg.c|relid 2048 accepted|s/le32_to_cpu\(relid\) >= HVX_MAX_RELID/le32_to_cpu(relid) > HVX_MAX_RELID/'
	'vmbus/msg.c|short messages accepted|s/if \(len < rule->size\)\n\t\treturn -EBADMSG;//'
	'vmbus/gpadl_msg.c|range_buflen counts header PFNs only|s/8 \+ 8 \* nr_pfns/8 + 8 * n/'
	'vmbus/rqstor.c|stale ids accepted|s/else if \(gen != s->gen\)\n\t\tret = -ESTALE;//'
	'vmbus/version.c|cap ignored|s/if \(ladder\[i\] > max\)\n\t\t\tcontinue;//'
	'drivers/input/hvx_kbd.c|make code 0x60 passed on|s/ \|\| make_code == 0x60//'
	'drivers/input/hvx_kbd.c|LED bits lost on the way to the host|s/cpu_to_le16\(leds\)/cpu_to_le16(leds \& 1)/'
	'drivers/input/synth_hid.c|report descriptor may end past the body|s/ \|\|\n\t    report_len > room - desc->length//'
	'drivers/input/mouse.c|Hyper-V report descriptor left broken|s/rd\[14\] = 0x29;/rd[14] = 0x25;/'
	'drivers/input/mouse.c|reports longer than the descriptor passed on|s/if \(len > mouse->report_max\)/if (!len)/'
	'drivers/storage/hvx_storvsc.c|oversized transfer length trusted|s/ \|\| moved > want//'
	'drivers/storage/hvx_storvsc.c|oversized sense length trusted|s/sense_len > HVX_VSTOR_SENSE_MAX \|\| //'
	'drivers/storage/hvx_storvsc.c|invalid LUN taken for an error|s/return DID_NO_CONNECT << 16;/return DID_ERROR << 16;/'
	'drivers/storage/hvx_storvsc.c|scatter list gap accepted|s/\(i && start\) \|\| //'
	'drivers/storage/hvx_storvsc.c|host reset keeps the lost commands|s/for \(i = 0; i < stor->nr_chans; i\+\+\)\n\t\thvx_rqstor_cancel_all/for (i = 0; i < 0; i++)\n\t\thvx_rqstor_cancel_all/'
)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
survived=0
for m in "${mutants[@]}"; do
	file=${m%%|*} m=${m#*|}
	name=${m%%|*} expr=${m#*|}
	[[ $file == *"${MUTANTS:-}"* ]] || continue
	rm -rf "$scratch/tree" && mkdir -p "$scratch/tree"
	tar -C "$HVX_TOP" --exclude=.git -cf - . | tar -C "$scratch/tree" -xf -
	perl -0pi -e "$expr" "$scratch/tree/$file"
	if cmp -s "$HVX_TOP/$file" "$scratch/tree/$file"; then
		echo "STALE   $name (pattern no longer matches $file)"
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
