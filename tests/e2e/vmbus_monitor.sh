# SPDX-License-Identifier: GPL-2.0
# Monitored notification: a channel the host monitors (as Hyper-V, the
# performance devices: storage, network, and here echo) is signalled by a
# pending bit in the guest's monitor page, never by hypercall; the host
# polls for it. The monitor's sysfs files show what the host wrote. A guest
# told not to (monitor_signal=0) or a host that monitors nothing goes back
# to the hypercall, one per signal.
. "${0%/*}/lib.sh"

ECHO=/sys/kernel/debug/hvx_echo_test

# How the guest signals relid $1: monitor or hypercall.
signal_mode() {
	sed -n "s/^$1 .* signal=\([a-z]*\) .*/\1/p" $CORE_CHANNELS
}

echo_of() { echo $ECHO/48565853-0000-0000-0000-00000000000$1; }

# The guest's signals (the channels' "events") on relids $@, summed.
guest_signals() {
	local r n=0
	for r in "$@"; do
		n=$((n + $(cat "$(dev_of_relid $r)/channels/$r/events")))
	done
	echo $n
}

# echoes N RELID...: N echoes on each channel at once, all checked.
echoes() {
	local n=$1 r pids=
	shift
	for r in "$@"; do
		echo "$n" >"$(echo_of $r)/ping" &
		pids="$pids $!"
	done
	for r in $pids; do
		wait $r || fail "a ping failed"
	done
	for r in "$@"; do
		expect_eq "$(counter "$(echo_of $r)/stats" bad)" 0 "bad echoes on relid $r"
	done
}

# start RELID...: note the signal counters before traffic on those relids.
start() {
	hc0=$(counter $SIM/stats hypercall_signals)
	ms0=$(counter $SIM/stats monitor_signals)
	ev0=$(guest_signals "$@")
}

# How many signals since start(): by hypercall, taken from the monitor page,
# and sent by the guest.
delta() {
	hc=$(($(counter $SIM/stats hypercall_signals) - hc0))
	ms=$(($(counter $SIM/stats monitor_signals) - ms0))
	ev=$(($(guest_signals "$@") - ev0))
	echo "hypercalls $hc, monitor bits $ms, guest signals $ev"
}

# by_hypercall RELID: 1000 echoes, each guest signal a hypercall.
by_hypercall() {
	start $1
	echoes 1000 $1
	delta $1
	expect_eq "$ms" 0 "monitor bits"
	expect_eq "$hc" "$ev" "hypercalls"
}

# by_monitor N RELID...: N echoes on each, every guest signal a monitor bit.
by_monitor() {
	local n=$1
	shift
	start "$@"
	echoes $n "$@"
	delta "$@"
	expect_eq "$hc" 0 "hypercall signals"
	[ "$ev" -gt 0 ] || fail "the guest never signalled"
	[ "$ms" -gt 0 ] && [ "$ms" -le "$ev" ] || fail "monitor bits $ms for $ev guest signals"
}

bring_up() {
	modprobe hvx_sim "$@"
	modprobe hvx_echo_test
	for r in $relids; do
		wait_for "grep -q '^$r .* open ' $SIM/devices"
	done
}

step "two monitored devices: the monitor files show what the host wrote"
relids="1 2"
bring_up echo_devices=2
expect_eq "$(counter $SIM/stats monitor_latency_us)" 100 "the host's latency"
for r in $relids; do
	d=$(dev_of_relid $r)
	c=$d/channels/$r
	id=$(awk -v r=$r '$1 == r { print $8 }' $SIM/devices)
	expect_eq "$id" $((r - 1)) "the host's monitor id for relid $r"
	expect_eq "$(cat $d/monitor_id)" "$id" monitor_id
	expect_eq "$(cat $c/monitor_id)" "$id" "channel monitor_id"
	for side in server client; do
		expect_eq "$(cat $d/${side}_monitor_latency)" 1000 "${side}_monitor_latency (100 ns units)"
		expect_eq "$(cat $d/${side}_monitor_conn_id)" $((0x2000 + r)) "${side}_monitor_conn_id"
	done
	expect_eq "$(cat $c/latency)" 1000 "channel latency"
	expect_eq "$(signal_mode $r)" monitor "how relid $r is signalled"
done

step "a device that is no performance device is not monitored"
echo heartbeat >$SIM/add
wait_for "grep -q '^3 ' $SIM/devices"
expect_eq "$(awk '$1 == 3 { print $8 }' $SIM/devices)" -1 "the host's monitor id for heartbeat"
wait_for "[ -d $(dev_of_relid 3) ]"
[ ! -e "$(dev_of_relid 3)/monitor_id" ] || fail "monitor_id shown for heartbeat"
echo 3 >$SIM/rescind
wait_for "! grep -q '^3 ' $SIM/devices"

step "2 x 2000 echoes: every signal is a monitor bit, none a hypercall"
by_monitor 2000 $relids
expect_eq "$(counter $SIM/stats send_bits)" 0 "send bitmap bits (5.3 shares no interrupt page)"

step "the bit itself: monitor id 1 is group 0, bit 1, in the guest's page only"
d2=$(dev_of_relid 2)
e2=$(echo_of 2)
echo monitor_pause >$SIM/fault
before=$(counter $e2/stats received)
echo 1 >$e2/ping &
busy=$!
wait_for "[ \$(cat $d2/client_monitor_pending) = 2 ]"
expect_eq "$(cat $d2/channels/2/pending)" 2 "channel pending"
expect_eq "$(cat $d2/server_monitor_pending)" 0 "server_monitor_pending"
sleep 1
expect_eq "$(counter $e2/stats received)" "$before" "echoes while the host does not look"
echo monitor_resume >$SIM/fault
wait $busy || fail "the ping failed after the host looked again"
expect_eq "$(counter $e2/stats received)" $((before + 1)) "echoes after"
expect_eq "$(cat $d2/client_monitor_pending)" 0 "client_monitor_pending after"

step "a monitor id past the page: counted, no monitor files, the device stays"
rmmod hvx_echo_test
bad=$(counter $CORE_STATS bad_offers)
echo bad_monitor_id >$SIM/fault
d=$BUS/bad0ffe3-0000-0000-0000-000000000000
wait_for "[ -d $d ]"
expect_eq "$(counter $CORE_STATS bad_offers)" $((bad + 1)) "bad offers"
[ ! -e $d/monitor_id ] && [ ! -e $d/client_monitor_pending ] &&
	[ ! -e $d/channels/1000/pending ] || fail "monitor files for a bad monitor id"
dmesg | grep -q "relid 1000: monitor id 200 out of range" || fail "no warning"
unload_hvx

step "monitor_signal=0: the guest signals by hypercall, one per signal"
relids=1
modprobe hvx_vmbus monitor_signal=0
bring_up echo_devices=1
[ -e "$(dev_of_relid 1)/monitor_id" ] || fail "the host still monitors: monitor_id shown"
expect_eq "$(signal_mode 1)" hypercall "how relid 1 is signalled"
by_hypercall 1
unload_hvx

step "a host that monitors nothing: no monitor files, hypercalls"
bring_up echo_devices=1 monitor_latency_us=0
d=$(dev_of_relid 1)
expect_eq "$(awk '$1 == 1 { print $8 }' $SIM/devices)" -1 "the host's monitor id"
expect_eq "$(signal_mode 1)" hypercall "how relid 1 is signalled"
for f in monitor_id server_monitor_pending client_monitor_latency channels/1/pending \
	 channels/1/latency channels/1/monitor_id; do
	[ ! -e $d/$f ] || fail "$f shown for an unmonitored channel"
done
by_hypercall 1
unload_hvx

step "a 4.0 host (the interrupt page era): the monitor, and the send bitmap's bit"
bring_up echo_devices=1 host_version=$((4 << 16))
expect_eq "$(counter $CORE_STATS version)" 4.0 "version"
by_monitor 1000 1
# The relid's bit in the send bitmap goes with the pending bit (one for
# several signals, when the host took it between them).
sb=$(counter $SIM/stats send_bits)
[ "$sb" -gt 0 ] && [ "$sb" -le "$ms" ] || fail "send bitmap bits $sb for $ms monitor bits"
echo PASS
