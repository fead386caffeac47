# SPDX-License-Identifier: GPL-2.0
# Helpers for e2e tests (bash, inside the test guest). Source it with
#   . "${0%/*}/lib.sh"
# A test exits 0 on pass, 4 to skip, anything else on failure, and says why:
# fail() with its reason, or, for any command that fails unchecked, the ERR
# trap below with the file, line and command. /init runs each test in its
# own session with its own time bound (a "# hvx-e2e-timeout: SECONDS" line
# in the script raises the default) and cleans the guest up after it.

set -eE

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
step() { echo "--- $*"; }
# make check FULL=1 booted this guest: tests use their full data volumes.
full_run() { grep -qw hvx.full=1 /proc/cmdline; }

# The first unchecked failure, where it happened; a subshell's ($(...),
# (...) &) is reported by it and again where its status is used.
hvx_on_err() {
	local rc=$1 cmd=$2 i=1 where
	[ -z "${HVX_ERR_SEEN:-}" ] || return 0
	HVX_ERR_SEEN=1
	where="${BASH_SOURCE[1]##*/}:${BASH_LINENO[0]}"
	echo "FAIL: $where: '$cmd' exited $rc"
	while [ $i -lt $((${#FUNCNAME[@]} - 1)) ]; do
		echo "      in ${FUNCNAME[$i]}() called at ${BASH_SOURCE[$((i + 1))]##*/}:${BASH_LINENO[$i]}"
		i=$((i + 1))
	done
}
trap 'hvx_on_err $? "$BASH_COMMAND"' ERR

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# Wait up to $2 seconds (default 10) for the command in $1 to succeed.
wait_for() {
	local i=0 limit=$((${2:-10} * 10))
	while ! eval "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt $limit ] || fail "timed out waiting for: $1"
		sleep 0.1
	done
}

BUS=/sys/bus/vmbus/devices
SIM=/sys/kernel/debug/hvx_sim
CORE_STATS=/sys/kernel/debug/hvx_vmbus/stats
CORE_CHANNELS=/sys/kernel/debug/hvx_vmbus/channels

# Unload every hvx module, newest first, and whatever else the test left
# (lib-reset.sh); also the EXIT trap, so a test ends clean or fails saying why.
unload_hvx() {
	sh "${0%/*}/lib-reset.sh" || fail "the guest could not be cleaned up"
}
hvx_on_exit() {
	local rc=$?
	trap - ERR
	set +e
	# What the test left running goes first: it may hold a device.
	kill $(jobs -p) 2>/dev/null
	# A test that armed a jump (arm_jump) keeps its devices for it.
	[ $rc != 0 ] || [ ! -e /tmp/hvx-jump ] || exit 0
	rm -f /tmp/hvx-jump
	if ! sh "${0%/*}/lib-reset.sh"; then
		echo "FAIL: the guest could not be cleaned up after the test"
		[ $rc != 0 ] || rc=1
	fi
	exit $rc
}
trap hvx_on_exit EXIT

# callbacks RELID: how often the core ran that channel's driver callback.
callbacks() {
	sed -n "s/^$1 .* callbacks=\([0-9]*\)$/\1/p" $CORE_CHANNELS
}

# counter FILE NAME: the value of counter NAME in a "name value" file.
counter() {
	sed -n "s/^$2 //p" "$1"
}

# How the simulated host reaches the guest: direct, or hyperv (through the
# test kernel's model of Hyper-V; the host then outlives the guest).
sim_link() {
	counter $SIM/stats link
}

# The bus path of the device the simulated host offered with relid $1.
dev_of_relid() {
	local inst
	inst=$(awk -v r="$1" '$1 == r { print $3 }' $SIM/devices | tr -d '{}')
	[ -n "$inst" ] || fail "the host has no relid $1"
	echo "$BUS/$inst"
}

device_count() {
	ls $BUS | wc -l
}

# host RELID COMMAND...: a command for that device's host backend.
host() {
	local relid=$1
	shift
	echo "$relid $*" >$SIM/control || fail "host $relid: '$*' refused"
}

# host_state RELID KEY: a value from the backend's line in $SIM/state.
host_state() {
	awk -v r="$1" -v k="$2" '$1 == r { for (i = 3; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' $SIM/state
}

# ask RELID COMMAND...: a request the guest must answer; waits (up to
# $ASK_WAIT s, default 30) for the answer and prints its status.
ask() {
	local relid=$1 n
	shift
	n=$(host_state "$relid" answers)
	host "$relid" "$@"
	wait_for "[ \$(host_state $relid answers) -gt $n ]" "${ASK_WAIT:-30}"
	host_state "$relid" status
}

# host_text RELID KEY: a string the host recorded from an answer (the state
# file has it percent-encoded).
host_text() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' \
		"$(host_state "$1" "$2")"
}

EVTOOL="python3 ${0%/*}/evtool.py"

# The event device of the input device below VMBus device $1 (its GUID).
event_dev() {
	wait_for "$EVTOOL find $1"
	$EVTOOL find "$1"
}

# expect_events DEV WANT_FILE COMMAND...: run COMMAND while reading DEV and
# compare the events ("type code value" lines) with WANT_FILE.
expect_events() {
	local dev=$1 want=$2 n pid
	shift 2
	n=$(grep -c . "$want")
	rm -f /tmp/ev.ready
	$EVTOOL read "$dev" "$n" /tmp/ev.ready >/tmp/ev.got &
	pid=$!
	wait_for "[ -e /tmp/ev.ready ]"
	"$@"
	wait $pid || { cat /tmp/ev.got; fail "events from $dev: fewer than $n"; }
	diff "$want" /tmp/ev.got || fail "events from $dev differ (-want +got)"
}

# one_device BACKEND MODULE: the simulated host offers one BACKEND device
# (relid 1), MODULE binds it and opens its channel. Sets $inst (the device
# GUID) and $STATS (the driver's debugfs counters for it).
one_device() {
	modprobe hvx_sim echo_devices=0
	echo "$1" >$SIM/add
	modprobe "$2"
	wait_for "grep -q '^1 .* open ' $SIM/devices"
	inst=$(awk '$1 == 1 { print $3 }' $SIM/devices | tr -d '{}')
	STATS=/sys/kernel/debug/$2/$inst
	# The probe may run in the device work, after modprobe returned; its
	# debugfs file is the last thing a successful probe makes.
	wait_for "[ -e $STATS ]"
}

# disk_roundtrip DEV: 1 MiB of random data written to DEV (O_DIRECT) reads
# back the same.
disk_roundtrip() {
	dd if=/dev/urandom of=/tmp/blob bs=64k count=16 2>/dev/null
	dd if=/tmp/blob of="$1" bs=64k oflag=direct 2>/dev/null || fail "writing $1"
	expect_eq "$(dd if="$1" bs=64k count=16 iflag=direct 2>/dev/null | md5sum)" \
		"$(md5sum </tmp/blob)" "$1 read back"
}

IP=/usr/bin/ip		# iproute2: busybox's ip has no netns
NET="python3 ${0%/*}/nettool.py"

# net_pair: one NIC on the simulated host, hvx_netvsc bound to it; the
# guest's interface $g (192.0.2.2) and the host's port $h (192.0.2.1, in
# namespace hostside: run there with $H) up. Sets $N (the driver's debugfs).
net_pair() {
	one_device net hvx_netvsc
	N=/sys/kernel/debug/hvx_netvsc/$inst
	wait_for "ls $BUS/$inst/net/ 2>/dev/null | grep -q ."
	g=$(ls $BUS/$inst/net/)
	wait_for "[ \"\$(host_state 1 netdev)\" != - ]"	# registered by the host's work
	h=$(host_state 1 netdev)
	[ -n "$h" ] || fail "the host names no netdev"
	hostside_up
}

# hostside_up: the host's port $h into namespace hostside as 192.0.2.1
# (run there with $H), the guest's interface $g as 192.0.2.2, both up.
hostside_up() {
	$IP netns del hostside 2>/dev/null || true	# what a failed test left
	$IP netns add hostside
	$IP link set "$h" netns hostside
	H="$IP netns exec hostside"
	$H $IP addr add 192.0.2.1/24 dev "$h"
	$H $IP link set "$h" up
	$H $IP link set lo up
	$IP addr add 192.0.2.2/24 dev "$g"
	$IP link set "$g" up
}

# fs_round_trip DEV: mkfs.ext4 on DEV, three 8 MiB files written, unmounted,
# e2fsck clean, mounted again with cold caches and every file read back;
# their data stays in /tmp/blob.
fs_round_trip() {
	local want i
	mkfs.ext4 -q -F "$1"
	mkdir -p /mnt/d
	mount -t ext4 "$1" /mnt/d
	dd if=/dev/urandom of=/tmp/blob bs=1M count=8 2>/dev/null
	for i in 1 2 3; do cp /tmp/blob /mnt/d/f$i; done
	want=$(md5sum </tmp/blob)
	umount /mnt/d
	e2fsck -fn "$1" >/tmp/fsck 2>&1 || { cat /tmp/fsck; fail "fsck found errors"; }
	echo 3 >/proc/sys/vm/drop_caches
	mount -t ext4 "$1" /mnt/d
	for i in 1 2 3; do
		expect_eq "$(md5sum </mnt/d/f$i)" "$want" "f$i read back"
	done
	umount /mnt/d
}

# tcp_both_ways BYTES ADDR_HOST ADDR_GUEST: BYTES of random data over TCP
# from the guest to the host and back, each arriving bit-exact.
tcp_both_ways() {
	local server
	head -c "$1" /dev/urandom >/tmp/blob
	$H $NET serve 5001 /tmp/got.host &
	server=$!
	sleep 1
	$NET send "$2" 5001 /tmp/blob || fail "send to the host"
	wait $server || fail "the host's receiver"
	cmp /tmp/blob /tmp/got.host || fail "the host got other bytes"
	$NET serve 5002 /tmp/got.guest &
	server=$!
	sleep 1
	$H $NET send "$3" 5002 /tmp/blob || fail "send from the host"
	wait $server || fail "the guest's receiver"
	cmp /tmp/blob /tmp/got.guest || fail "the guest got other bytes"
	rm -f /tmp/got.host /tmp/got.guest /tmp/blob
}

# snmp PROTO FIELD [NETNS]: a counter of /proc/net/snmp, the guest's or a
# namespace's.
snmp() {
	if [ -n "$3" ]; then
		$IP netns exec "$3" cat /proc/net/snmp
	else
		cat /proc/net/snmp
	fi | awk -v p="$1:" -v f="$2" '$1 == p { if (!n) { for (i = 2; i <= NF; i++) c[$i] = i; n = 1 }
		else print $c[f] }'
}

# arm_jump HOW: load this test kernel again as the next kernel (HOW kexec),
# or as the crash kernel (HOW crash), with an initrd of busybox and /init
# alone (hvx.mode=next), and have /init jump once the test has passed,
# with what the test set up still in use. check.sh then reads the console
# for what happened between the two kernels.
arm_jump() {
	local next=/tmp/next params="console=ttyS0 hvx.mode=next panic=-1 oops=panic"
	params+=" panic_on_warn=1 printk.devkmsg=on loglevel=7"
	[ "$1" = kexec ] || params+=" nr_cpus=1 reset_devices"
	rm -rf $next && mkdir -p $next/bin
	cp /bin/busybox $next/bin/busybox
	cp /init $next/init
	(cd $next && find . | cpio -o -H newc 2>/dev/null | gzip -1) >$next.cpio.gz
	python3 "${0%/*}/kexec.py" load /hvx/kexec/bzImage $next.cpio.gz "$params" "$1" ||
		fail "the $1 kernel was not loaded"
	if [ "$1" = kexec ]; then
		expect_eq "$(cat /sys/kernel/kexec_loaded)" 1 "kexec_loaded"
	else
		expect_eq "$(cat /sys/kernel/kexec_crash_loaded)" 1 "kexec_crash_loaded"
	fi
	echo "$1" >/tmp/hvx-jump
}

# intree_host: the in-tree guest's host and bus, as the group's first test
# leaves them for the next (lib-reset.sh keeps both): hvx_sim behind the
# model with no device, and Linux's own hv_vmbus connected to it.
intree_host() {
	grep -qw hv_model /proc/cmdline || skip "the guest was not booted with hv_model"
	grep -q '^hvx_vmbus ' /proc/modules && fail "hvx_vmbus is loaded: the bus is taken"
	grep -q '^hvx_sim ' /proc/modules || modprobe hvx_sim start_guest=0 echo_devices=0
	expect_eq "$(sim_link)" hyperv "the host's link"
	grep -q '^hv_vmbus ' /proc/modules || modprobe hv_vmbus
	wait_for "[ \"\$(counter $SIM/stats version)\" != 0.0 ]" 30
}

# intree_add BACKEND MODULE DRIVER: hot-add one BACKEND device and wait for
# the in-tree DRIVER (MODULE loaded first) to bind it and open its channel.
# Sets $relid and $inst (the device GUID).
intree_add() {
	local before
	modprobe "$2"
	before=$(awk 'END { print NR }' $SIM/devices)
	echo "$1" >$SIM/add
	relid=$(awk -v n="$before" 'NR > n && $4 == "offered" && $7 == 0 { print $1 }' $SIM/devices |
		tail -1)
	[ -n "$relid" ] || fail "the host did not offer a $1 device"
	inst=$(awk -v r="$relid" '$1 == r { print $3 }' $SIM/devices | tr -d '{}')
	wait_for "[ -e $BUS/$inst/driver ]" 30
	expect_eq "$(basename "$(readlink $BUS/$inst/driver)")" "$3" "$1's driver"
	wait_for "grep -q '^$relid .* open ' $SIM/devices" 30
	[ "$3" = hv_storvsc ] || return 0
	# hv_storvsc scans its targets inside its probe, and a rescind during
	# that scan blocks in-tree for good (its SCSI timeout handler only ever
	# rearms the timer, and Hyper-V answers nothing on a rescinded channel).
	# A scan written to the host waits for the probe's to end.
	wait_for "ls $BUS/$inst/host*/scsi_host/host*/scan" 30
	for s in $BUS/$inst/host*/scsi_host/host*/scan; do
		echo "- - -" >"$s"
	done
}
