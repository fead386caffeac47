#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the whole hvx test suite, from a fresh Debian 12 machine.
#
#  1. static: W=1 build and sparse (C=2) against Debian's 6.1 and 6.12
#     headers and the test kernel; the DKMS package; the libFuzzer harness
#     of every pure host-input parser (tools/fuzz) and a two-thread ring
#     stress run in userspace;
#  2. the test kernel (cached), the modules, the guests (one boot per group
#     of tests, see vm.sh): every KUnit suite (each KTAP document judged by
#     the kernel's own kunit.py) and every tests/e2e script, each under its
#     own time bound, with any kernel splat failing the run.
#
# Ends with one line "N passed, N failed, N skipped"; exits 1 on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

passed=0 failed=0 skipped=0
out=${HVX_CHECK_OUT:-$HVX_CACHE/check}
FUZZ_SECONDS=${FUZZ_SECONDS:-50}

pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
skip() { skipped=$((skipped + 1)); printf 'skip %s\n' "$1"; }
fail() {
	failed=$((failed + 1))
	printf 'FAIL %s\n' "$1"
	[ -z "${2:-}" ] || { sed 's/^/     | /' "$2" | tail -n 40; }
}

# check NAME CMD...: one counted check; its output goes to a log shown on failure.
check() {
	local name=$1 log
	shift
	log=$out/logs/$(echo "$name" | tr -c 'A-Za-z0-9.\n' '_').log
	if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "$log"; fi
}

# Build in a private copy so kernels never share objects; no warning allowed.
build_w1() {
	local kdir=$1 dir=$2
	rm -rf "$dir" && mkdir -p "$dir"
	tar -C "$HVX_TOP" --exclude=.git --exclude=tools -cf - . | tar -C "$dir" -xf -
	make -C "$kdir" M="$dir" W=1 -j"$HVX_JOBS" modules 2>&1 | tee "$dir.log"
	[ "${PIPESTATUS[0]}" = 0 ] || return 1
	! grep -Ei 'warning|error' "$dir.log"
}

sparse_c2() {
	local kdir=$1 dir=$2
	make -C "$kdir" M="$dir" C=2 -j"$HVX_JOBS" modules 2>&1 | tee "$dir.sparse.log"
	[ "${PIPESTATUS[0]}" = 0 ] || return 1
	! grep -F "$dir/" "$dir.sparse.log" | grep -v -E '^ +(CC|LD|CHECK|MODPOST|BTF)|^Skipping BTF'
}

# Kernel style on the product code (compat.h exists to break the rules).
checkpatch() {
	local src files
	src=$(hvx_src_tree) || return 1
	files=$(cd "$HVX_TOP" && find vmbus drivers sim include tests -name '*.[ch]' ! -name '*.mod.c' |
		grep -v '^include/hvx/compat.h$' | sort)
	# CONST_STRUCT: struct bus_type cannot be const while 6.1 is supported.
	# CAMELCASE: the kernel names some types so (struct Scsi_Host).
	(cd "$HVX_TOP" && perl "$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --quiet --ignore CONST_STRUCT,CAMELCASE -f $files) |
		grep -v '^total: 0 errors, 0 warnings, 0 checks'
	[ "${PIPESTATUS[0]}" = 0 ]
}

# The package's modprobe.d file stops every in-tree Hyper-V module, by name too.
modprobe_conf() {
	local conf=$HVX_TOP/packaging/modprobe.d/hvx.conf m
	for m in hv_vmbus hv_utils hv_balloon hv_netvsc hv_storvsc hyperv_keyboard \
		 hid_hyperv hyperv_fb hyperv_drm hv_sock uio_hv_generic pci-hyperv; do
		modprobe -C "$conf" -n -v "$m" | grep -qx 'install /bin/false *' ||
			{ echo "$m is not stopped"; return 1; }
		modprobe -C "$conf" -c | grep -qx "blacklist ${m//-/_}" ||
			{ echo "$m is not blacklisted"; return 1; }
	done
}

# Every harness of tools/fuzz, each FUZZ_SECONDS from its committed seeds:
# its executions and coverage printed, any crash a failure.
fuzz_all() {
	local harnesses
	harnesses=$(make -s -C "$HVX_TOP/tools" fuzz-list)
	make -C "$HVX_TOP/tools" fuzz || return 1
	FUZZ_WORK=$out/fuzz "$HVX_TOP/tools/fuzz/run.sh" "$FUZZ_SECONDS" $harnesses |
		tee "$out/fuzz.txt"
	[ "${PIPESTATUS[0]}" = 0 ]
}

stress_ring() {
	make -C "$HVX_TOP/tools" bench && "$HVX_TOP/tools/bench/ring_bench" 0.2
}

# KUnit: each suite's KTAP document through kunit.py parse, counted by case.
judge_kunit() {
	local results=$1 kunit=$2 suite doc summary n
	grep -q '^HVX-KUNIT-BEGIN ' "$results" 2>/dev/null || fail "KUnit results reported by the guest"
	for suite in $(sed -n 's/^HVX-KUNIT-BEGIN //p' "$results"); do
		doc=$out/kunit-$suite.ktap
		sed -n "/^HVX-KUNIT-BEGIN $suite\$/,/^HVX-KUNIT-END $suite\$/p" "$results" |
			sed '1d;$d' >"$doc"
		summary=$(python3 "$kunit" parse "$doc" 2>&1 | tee "$doc.parsed" |
			sed -n 's/.*Testing complete\. //p' | tail -1)
		for kind in passed failed crashed skipped errors; do
			n=$(echo "$summary" | grep -o "$kind: [0-9]*" | grep -o '[0-9]*$' || true)
			eval "k_$kind=${n:-0}"
		done
		echo "kunit $suite: $summary"
		passed=$((passed + k_passed))
		skipped=$((skipped + k_skipped))
		failed=$((failed + k_failed + k_crashed + k_errors))
		if [ $((k_failed + k_crashed + k_errors)) -gt 0 ] || [ -z "$summary" ]; then
			[ -n "$summary" ] || failed=$((failed + 1))
			grep -E 'FAILED|CRASHED|ERROR|not ok|Expected|#' "$doc.parsed" | head -40 | sed 's/^/     | /'
		fi
	done
}

# judge_e2e RESULTS GROUP_LIST [LABEL]: every test the group was to run, by
# name (after LABEL, for a group that runs tests another runs too): its
# status, or that the guest stopped during or before it.
judge_e2e() {
	local results=$1 name rc e2e="e2e ${3:+$3 }"
	while read -r name _; do
		[ "$name" = kunit ] && continue
		rc=$(sed -n "s/^HVX-E2E $name rc=//p" "$results" 2>/dev/null | tail -1)
		case "$rc" in
		0) pass "$e2e$name" ;;
		4) skip "$e2e$name" ;;
		"")
			if grep -qx "HVX-E2E-BEGIN $name" "$results" 2>/dev/null; then
				fail "$e2e$name (the guest stopped during it: see its console.log)"
			else
				fail "$e2e$name (did not run: the guest stopped before it)"
			fi ;;
		*) fail "$e2e$name (exit $rc)"
		   # Its log follows its status line, up to the next test's.
		   sed -n "/^HVX-E2E $name rc=/,/^HVX-E2E [^-]/p" "$results" |
			sed -n 's/^HVX-E2E-LOG /     | /p' | tail -20 ;;
		esac
	done <"$2"
}

# in_order FILE PATTERN...: each extended regex matches a line of FILE, each
# after the line the one before matched; says which one did not.
in_order() {
	local file=$1
	shift
	awk 'BEGIN { for (i = 1; i < ARGC; i++) want[i] = ARGV[i]; n = ARGC - 1; ARGC = 1; k = 1 }
	     k <= n && $0 ~ want[k] { k++ }
	     END { if (k <= n) { print "not found in order: " want[k]; exit 1 } }' \
		"$@" <"$file"
}

# judge_jump DIR GROUP: a group whose test jumps to another kernel (tests/
# e2e/hyperv_kexec.sh, init.sh's jump). On the console, in this order: the
# jump, the host closing everything on UNLOAD, the guest hearing its
# answer, the SynIC off on every VP, then the next kernel's banner; and
# that kernel's own report.
judge_jump() {
	local dir=$1 group=$2 list=$1/../root/hvx/groups/$2 how want
	how=$(sed -n 's/^hyperv_\(kexec\|crash\) .*/\1/p' "$list")
	[ -n "$how" ] || return 0
	want=("hvx-test: jump \\($how\\)")
	# A panicking kernel drops what other CPUs print: the host's lines
	# show for kexec only; its answer is its word for crash.
	[ "$how" = crash ] || want+=("hvx_sim: UNLOAD: the guest's channels are closed")
	want+=("hvx_vmbus: the host acknowledged UNLOAD \\($how\\)")
	[ "$how" = crash ] || want+=("hvx_sim: every VP's SynIC message page is off")
	want+=("Linux version ")
	check "guest $group: UNLOAD answered before the $how jump" \
		in_order "$dir/console.log" "${want[@]}"
	check "guest $group: the $how kernel booted and reported" \
		grep '^HVX-NEXT-KERNEL ' "$dir/results.txt"
}

# judge_guest DIR GROUP: one guest boot of vm.sh --check.
judge_guest() {
	local dir=$1 group=$2 list=$1/../root/hvx/groups/$2 line
	while read -r line; do
		fail "guest $group: $line"
	done < <(sed -n 's/^HVX-ERROR //p' "$dir/results.txt" 2>/dev/null)
	grep -q '^kunit ' "$list" && judge_kunit "$dir/results.txt" "$(hvx_src_tree)/tools/testing/kunit/kunit.py"
	# The Hyper-V model's guest runs tests the other guests run too.
	judge_e2e "$dir/results.txt" "$list" "$([ "$group" = hyperv ] && echo "via Hyper-V model")"
	judge_jump "$dir" "$group"
	if grep -q '^HVX-DONE' "$dir/results.txt" 2>/dev/null; then
		pass "guest $group finished within its time bound"
	else
		fail "guest $group finished within its time bound" "$dir/console.log"
	fi
	if "$HVX_TOP/tools/testbed/splat.sh" "$dir/console.log" "$dir/results.txt" \
		>"$out/logs/splat-$group.log" 2>&1; then
		pass "guest $group: no kernel splat, leak or taint"
	else
		fail "guest $group: no kernel splat, leak or taint" "$out/logs/splat-$group.log"
	fi
	echo "   guest console: $dir/console.log"
}

main() {
	local h61 h612 kdir vm group
	rm -rf "$out" && mkdir -p "$out/logs"
	"$HVX_TOP/tools/testbed/deps.sh" || { echo "cannot install dependencies"; exit 1; }

	echo "== static checks"
	h61=/usr/src/linux-headers-$(hvx_headers_release linux-headers-amd64)
	h612=/usr/src/linux-headers-$(hvx_headers_release linux-headers-6.12-amd64)
	check "build W=1, Debian 6.1 headers" build_w1 "$h61" "$out/b61"
	check "sparse C=2, Debian 6.1 headers" sparse_c2 "$h61" "$out/b61"
	check "build W=1, Debian 6.12 headers" build_w1 "$h612" "$out/b612"
	check "sparse C=2, Debian 6.12 headers" sparse_c2 "$h612" "$out/b612"
	check "checkpatch --strict" checkpatch
	check "dkms add/build/install, Debian 6.1" "$HVX_TOP/tools/testbed/dkms_test.sh"
	check "modprobe.d stops every in-tree Hyper-V module" modprobe_conf
	check "fuzz every host-input parser, ${FUZZ_SECONDS}s each (libFuzzer+ASan+UBSan)" fuzz_all
	sed 's/^/     /' "$out/fuzz.txt" 2>/dev/null
	check "ring stress, producer and consumer threads" stress_ring

	echo "== test kernel"
	if ! kdir=$("$HVX_TOP/tools/testbed/kernel.sh"); then
		fail "test kernel build"
	else
		check "build W=1, test kernel" build_w1 "$kdir" "$out/bkt"
		check "sparse C=2, test kernel" sparse_c2 "$kdir" "$out/bkt"

		echo "== guests: KUnit and e2e"
		vm=$out/vm
		"$HVX_TOP/tools/testbed/vm.sh" --check --out "$vm" >"$out/logs/vm.log" 2>&1 ||
			{ fail "guest runs" "$out/logs/vm.log"; }
		while read -r group _; do
			judge_guest "$vm/$group" "$group"
		done <"$vm/groups"
	fi

	echo
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}

main "$@"
