# SPDX-License-Identifier: GPL-2.0
# The synthetic mouse: the host's device description becomes an absolute
# pointer through hid-generic (Hyper-V's report descriptor mistake
# corrected); pointer moves, all five buttons and the wheel arrive as the
# exact events; malformed messages are counted and dropped; a malformed
# description, or one declaring reports longer than a message, fails the
# probe cleanly; HID reads reports from a buffer as long as the longest it
# declared, and what it refuses is counted refused; a rescind during
# motion is survived.
. "${0%/*}/lib.sh"

one_device mouse hvx_mouse
ev=$(event_dev "$inst")
wait_for "[ \"\$(host_state 1 acked)\" = 1 ]"	# the ack needs no reply: the host takes it later
input=/sys/class/input/${ev#/dev/input/}/device
expect_eq "$(cat $input/id/bustype):$(cat $input/id/vendor):$(cat $input/id/product)" \
	"0006:045e:0621" "input ids (BUS_VIRTUAL, Microsoft)"
expect_eq "$(cat $input/capabilities/abs)" 3 "ABS_X and ABS_Y"
# BTN_LEFT..BTN_EXTRA are 0x110-0x114: bits 16-20 of the 0x100 word
expect_eq "$(cat $input/capabilities/key | awk '{ print $(NF - 4) }')" 1f0000 "five buttons"

mouse=1
. "${0%/*}/lib-input.sh"

step "moves, buttons, wheel: exact events"
pointer_events >/tmp/want
expect_events "$ev" /tmp/want pointer
expect_eq "$(counter $STATS reports)" 8 "reports passed to HID"
expect_eq "$(counter $STATS bad)" 0 "bad messages"

step "malformed messages are counted and dropped; the pointer goes on"
for f in truncated short_body long_report oversized bad_pipe unsolicited; do
	host 1 $f
done
wait_for "[ \$(counter $STATS bad) -eq 6 ]"
printf '3 0 5\n3 1 6\n' >/tmp/want
expect_events "$ev" /tmp/want host 1 move 5 6

step "a malformed device description fails the probe with a message"
echo "$inst" >/sys/bus/vmbus/drivers/hid_hyperv/unbind
host 1 bad_info
! echo "$inst" >/sys/bus/vmbus/drivers/hid_hyperv/bind 2>/dev/null || fail "bind succeeded"
dmesg | grep -q "$inst: host sent a malformed device info" || fail "no message"
expect_eq "$(host_state 1 acked)" 0 "malformed info acknowledged"
host 1 refuse
! echo "$inst" >/sys/bus/vmbus/drivers/hid_hyperv/bind 2>/dev/null || fail "bind succeeded"
dmesg | grep -q "$inst: host refused SynthHID protocol 2.0" || fail "no refusal message"
echo "$inst" >/sys/bus/vmbus/drivers/hid_hyperv/bind
ev=$(event_dev "$inst")
wait_for "[ \"\$(host_state 1 acked)\" = 1 ]"

step "a descriptor declaring a report no message can carry: the probe fails, clearly"
B=/sys/bus/vmbus/drivers/hid_hyperv
echo "$inst" >$B/unbind
host 1 pad 16000
! echo "$inst" >$B/bind 2>/dev/null || fail "bound with a 16006-byte input report"
dmesg | grep -q "$inst: host's report descriptor declares a 16006-byte input report" ||
	fail "no message"

step "2006-byte reports: a full one reaches evdev, a short one is refused by HID and counted so"
host 1 pad 2000
echo "$inst" >$B/bind
ev=$(event_dev "$inst")
host 1 move 7 8		# a 6-byte report: this HID core refuses it
wait_for "[ \$(counter $STATS refused) = 1 ]"
expect_eq "$(counter $STATS reports)" 0 "short reports taken"
printf '3 0 7\n3 1 8\n' >/tmp/want
expect_events "$ev" /tmp/want host 1 report 2006
expect_eq "$(counter $STATS reports)" 1 "full reports taken"
expect_eq "$(counter $STATS refused)" 1 "reports refused"
expect_eq "$(counter $STATS bad)" 0 "bad messages"
echo "$inst" >$B/unbind
host 1 pad 0
echo "$inst" >$B/bind
ev=$(event_dev "$inst")

step "rescind during motion"
( i=0; while [ $i -lt 300 ]; do echo "1 move $i $i" 2>/dev/null >$SIM/control || exit 0; i=$((i + 1)); done ) &
mover=$!
wait_for "[ \$(counter $STATS reports) -gt 20 ]"
echo 1 >$SIM/rescind
wait $mover || true
wait_for "[ ! -e $BUS/$inst ]"
wait_for "! $EVTOOL find $inst"
rmmod hvx_mouse
