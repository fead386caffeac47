# SPDX-License-Identifier: GPL-2.0
# Bring the test guest back to the state every e2e test starts from: no
# hyperv daemon, no test mount or network namespace, fbcon off hvx_fb, and
# no hvx module loaded (in the in-tree guest: no device on the bus). Run by /init after each test (whatever the test
# did or left) and by lib.sh's unload_hvx. Says what it could not clean
# and exits 1 then. POSIX sh: /init runs it with busybox.

rc=0
say() { echo "reset: $*"; }

# hv_*_daemon daemonize out of a test's session; they hold /dev/vmbus/*.
for d in hv_kvp_daemon hv_vss_daemon hv_fcopy_daemon; do
	killall -q -KILL $d
done
i=0
while pidof hv_kvp_daemon hv_vss_daemon hv_fcopy_daemon >/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

# Test mounts (a VSS test may have left one frozen).
for m in $(awk '$2 ~ "^/mnt/" { print $2 }' /proc/mounts | sort -r); do
	fsfreeze -u "$m" 2>/dev/null
	umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || { say "cannot unmount $m"; rc=1; }
done

for ns in $(/usr/bin/ip netns list 2>/dev/null | awk '{ print $1 }'); do
	/usr/bin/ip netns del "$ns" || { say "cannot delete netns $ns"; rc=1; }
done

# fbcon holds the module of a frame buffer it draws on.
for v in /sys/class/vtconsole/vtcon*; do
	grep -q "frame buffer" "$v/name" 2>/dev/null && echo 0 >"$v/bind"
done

# The in-tree guest (tests/e2e/intree_*): Linux's hv_vmbus cannot be
# unloaded (it drops its interrupt handler, then waits without a bound for
# the answer to UNLOAD), so the host stays up too. Its devices go instead:
# each driver lets go of its device (Hyper-V never hot-removes a SCSI
# controller, and in-tree's flush on a rescinded one is lost while its SCSI
# timeout only re-arms), then every offer still standing is rescinded, and
# the bus must empty.
keep='^$'
if grep -q '^hv_vmbus ' /proc/modules; then
	keep='^hvx_sim$'
	sim=/sys/kernel/debug/hvx_sim
	for d in /sys/bus/vmbus/devices/*; do
		[ -e "$d/driver" ] && echo "${d##*/}" >"$d/driver/unbind"
	done
	for r in $(awk '$4 == "offered" && $7 == 0 { print $1 }' $sim/devices 2>/dev/null); do
		echo "$r" >$sim/rescind 2>/dev/null || { say "cannot rescind relid $r"; rc=1; }
	done
	i=0
	while [ -n "$(ls /sys/bus/vmbus/devices 2>/dev/null)" ] && [ $i -lt 150 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	[ -z "$(ls /sys/bus/vmbus/devices)" ] || { say "in-tree devices left: $(ls /sys/bus/vmbus/devices)"; rc=1; }
fi

# /proc/modules lists the newest first, so dependents go before what they
# use; a module whose last user (a file, a device being removed) is going
# away gets up to 30 s.
hvx_loaded() {
	sed -n 's/^\(hvx_[a-z0-9_]*\) .*/\1/p' /proc/modules | grep -v "$keep"
}
i=0
while [ -n "$(hvx_loaded)" ]; do
	for m in $(hvx_loaded); do
		rmmod "$m" 2>/dev/null
	done
	[ -n "$(hvx_loaded)" ] || break
	i=$((i + 1))
	if [ $i -ge 150 ]; then
		say "hvx modules left loaded: $(hvx_loaded | tr '\n' ' ')"
		rc=1
		break
	fi
	sleep 0.2
done
exit $rc
