#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the hvx test guest. Modes (kernel command line hvx.mode=):
#   check  load every KUnit module, run every e2e test, report
#   run    run /hvx/run.sh and report its exit status
#   shell  interactive shell on the console
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

mode=shell
for arg in $(cat /proc/cmdline); do
	case "$arg" in hvx.mode=*) mode=${arg#hvx.mode=} ;; esac
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
	unload_hvx
}

# /proc/modules lists the newest first, so dependents go before what they use.
unload_hvx() {
	local m
	for m in $(sed -n 's/^\(hvx_[a-z0-9_]*\) .*/\1/p' /proc/modules); do
		rmmod "$m" || report "HVX-ERROR rmmod $m failed"
	done
}

run_e2e() {
	local t name rc
	for t in /hvx/e2e/*.sh; do
		name=${t##*/}
		name=${name%.sh}
		[ -e "$t" ] && [ "$name" != lib ] || continue
		kmsg "e2e begin $name"
		echo "=== e2e $name"
		sh "$t" >/tmp/e2e.out 2>&1
		rc=$?
		cat /tmp/e2e.out
		report "HVX-E2E $name rc=$rc"
		sed 's/^/HVX-E2E-LOG /' /tmp/e2e.out >$results
		kmsg "e2e end $name rc=$rc"
	done
}

# A leak report, then the taint flags: what the console may not say loudly.
finish() {
	if [ -w $kmemleak ]; then
		echo scan >$kmemleak
		sleep 6
		echo scan >$kmemleak
		sed 's/^/HVX-KMEMLEAK /' $kmemleak >$results
		cat $kmemleak
	fi
	report "HVX-TAINT $(cat /proc/sys/kernel/tainted)"
	report "HVX-DONE"
}

case "$mode" in
check)
	run_kunit
	run_e2e
	finish
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
