#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the hvx test guest. Modes (kernel command line hvx.mode=):
#   check  run the KUnit modules and e2e tests of group hvx.group=, report
#   run    run /hvx/run.sh and report its exit status
#   shell  interactive shell on the console
#   next   the kernel a test jumped to (kexec, or the crash kernel): say so
# Results go to the second serial port (/dev/ttyS1), one marker per line;
# the host trusts nothing but that channel, and only "HVX-DONE" at its end
# says the guest got through. Then the guest reboots, which ends QEMU.

/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
hostname hvx-guest
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root HVX=/hvx
mkdir -p /root
ip link set lo up 2>/dev/null

mode=shell group=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	hvx.mode=*) mode=${arg#hvx.mode=} ;;
	hvx.group=*) group=${arg#hvx.group=} ;;
	esac
done

results=/dev/ttyS1
stty -F $results raw -echo 2>/dev/null
report() { echo "$*" >$results; }
kmsg() { echo "hvx-test: $*" >/dev/kmsg; }

kmemleak=/sys/kernel/debug/kmemleak
[ -w $kmemleak ] && echo clear >$kmemleak

run_kunit() {
	local m suite
	for m in $(cat /hvx/kunit/modules); do
		kmsg "kunit module $m"
		modprobe "$m" || report "HVX-ERROR modprobe $m failed"
	done
	for suite in /sys/kernel/debug/kunit/*/; do
		[ -e "$suite/results" ] || continue
		suite=${suite%/}
		suite=${suite##*/}
		report "HVX-KUNIT-BEGIN $suite"
		cat "/sys/kernel/debug/kunit/$suite/results" >$results
		report "HVX-KUNIT-END $suite"
	done
	for m in $(cat /hvx/kunit/modules); do
		rmmod "$m" || report "HVX-ERROR rmmod $m failed"
	done
	sh /hvx/e2e/lib-reset.sh >/dev/kmsg 2>&1 || report "HVX-ERROR hvx modules left after KUnit"
}

# watchdog PID SECONDS: TERM to the test's whole session after SECONDS,
# KILL 10 s later; /tmp/e2e.timedout says it fired.
watchdog() {
	local t=0
	while kill -0 "$1" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		if [ $t = "$2" ]; then
			touch /tmp/e2e.timedout
			kill -TERM -"$1" 2>/dev/null
		elif [ $t -ge $(($2 + 10)) ]; then
			kill -KILL -"$1" 2>/dev/null
		fi
	done
}

# run_e2e < "NAME SECONDS" lines: each test in its own session (its jobs
# die with it) under its own bound, then the guest cleaned up for the next
# one whatever it left.
run_e2e() {
	local name t rc bound pid
	while read -r name bound; do
		[ "$name" != kunit ] || continue
		t=/hvx/e2e/$name.sh
		kmsg "e2e begin $name (bound ${bound}s)"
		report "HVX-E2E-BEGIN $name"
		echo "=== e2e $name"
		rm -f /tmp/e2e.timedout
		setsid bash "$t" >/tmp/e2e.out 2>&1 </dev/null &
		pid=$!
		watchdog $pid "$bound" &
		wait $pid
		rc=$?
		kill -KILL -$pid 2>/dev/null
		wait
		if [ -e /tmp/e2e.timedout ]; then
			echo "FAIL: no result within the test's bound of ${bound}s" >>/tmp/e2e.out
			rc=124
		fi
		[ $rc = 0 ] || rm -f /tmp/hvx-jump
		if [ -e /tmp/hvx-jump ]; then
			:	# what the test set up stays for the jump (jump below)
		elif ! sh /hvx/e2e/lib-reset.sh </dev/null >>/tmp/e2e.out 2>&1; then
			echo "FAIL: the guest could not be cleaned up after the test" >>/tmp/e2e.out
			case $rc in 0|4) rc=1 ;; esac
		fi
		cat /tmp/e2e.out
		report "HVX-E2E $name rc=$rc"
		sed 's/^/HVX-E2E-LOG /' /tmp/e2e.out >$results
		kmsg "e2e end $name rc=$rc"
	done
}

# A leak report, then the taint flags: what the console may not say loudly.
leaks_and_taint() {
	if [ -w $kmemleak ]; then
		echo scan >$kmemleak
		sleep 6
		echo scan >$kmemleak
		sed 's/^/HVX-KMEMLEAK /' $kmemleak >$results
		cat $kmemleak
	fi
	report "HVX-TAINT $(cat /proc/sys/kernel/tainted)"
}

finish() {
	leaks_and_taint
	report "HVX-DONE"
}

# A test left /tmp/hvx-jump ("kexec" or "crash") with the next kernel
# loaded and its devices still in use: this kernel's report, then the jump.
# The next kernel (hvx.mode=next) ends the run; check.sh reads the console
# between the two.
jump() {
	local how
	how=$(cat /tmp/hvx-jump)
	leaks_and_taint
	report "HVX-JUMP $how"
	kmsg "jump ($how)"
	sync
	case $how in
	kexec) python3 /hvx/e2e/kexec.py exec ;;
	# On CPU 0, where the host's answers go: with interrupts off there,
	# only the crash handler's polling can find the answer.
	crash) taskset 1 sh -c 'echo c >/proc/sysrq-trigger' ;;
	esac
	report "HVX-ERROR the $how jump did not happen"
	report "HVX-DONE"
}

case "$mode" in
check)
	# hvx.group=NAME: /hvx/groups/NAME lists what this boot runs, "NAME
	# SECONDS" a line ("kunit", or an e2e test and its bound); vm.sh splits
	# the suite so that one guest's death or delay costs only its group.
	list=/hvx/groups/$group
	[ -f "$list" ] || report "HVX-ERROR no test group '$group'"
	grep -q '^kunit ' "$list" && run_kunit
	run_e2e <"$list"
	if [ -e /tmp/hvx-jump ]; then jump; else finish; fi
	;;
next)
	report "HVX-NEXT-KERNEL $(uname -r): $(cat /proc/cmdline)"
	report "HVX-DONE"
	;;
run)
	kmsg "run /hvx/run.sh"
	sh /hvx/run.sh
	rc=$?
	report "HVX-RUN rc=$rc"
	finish
	;;
*)
	echo "hvx test guest: modules in /lib/modules/$(uname -r)/extra (modprobe hvx_vmbus)."
	echo "Leave with 'exit' (or Ctrl-A X)."
	setsid cttyhack sh -l
	;;
esac
sync
reboot -f
