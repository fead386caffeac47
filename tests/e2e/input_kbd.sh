# SPDX-License-Identifier: GPL-2.0
# The synthetic keyboard: strokes the host types arrive through atkbd as the
# exact key codes; lock LEDs set in the guest reach the host; malformed
# messages are counted and dropped; a rescind while typing is survived.
. "${0%/*}/lib.sh"

one_device kbd hvx_kbd
expect_eq "$(host_state 1 accepted)" 1 "protocol accepted"
ev=$(event_dev "$inst")
expect_eq "$(cat /sys/class/input/${ev#/dev/input/}/device/name)" \
	"AT Translated Set 2 keyboard" "input device name"

kbd=1
. "${0%/*}/lib-input.sh"

step "letters, shift, arrows, keypad, Pause: exact EV_KEY codes"
type_keys_events >/tmp/want
expect_events "$ev" /tmp/want type_keys
expect_eq "$(counter $STATS strokes)" 22 "strokes passed to atkbd"
expect_eq "$(counter $STATS bad)" 0 "bad messages"

step "caps lock set in the guest reaches the host's LEDs"
$EVTOOL write "$ev" 0x11 1 1		# EV_LED LED_CAPSL on
wait_for "[ \"\$(host_state 1 leds)\" = 0x4 ]"
$EVTOOL write "$ev" 0x11 0 1		# LED_NUML on as well
wait_for "[ \"\$(host_state 1 leds)\" = 0x6 ]"
$EVTOOL write "$ev" 0x11 1 0
$EVTOOL write "$ev" 0x11 0 0
wait_for "[ \"\$(host_state 1 leds)\" = 0x0 ]"
step "caps lock typed on the host: the console's keyboard turns the LED on"
stroke 0x3a
wait_for "[ \"\$(host_state 1 leds)\" = 0x4 ]"
stroke 0x3a
wait_for "[ \"\$(host_state 1 leds)\" = 0x0 ]"
expect_eq "$(counter $STATS leds_failed)" 0 "LED sends that failed"

step "malformed messages are counted and dropped; typing goes on"
host 1 truncated
host 1 oversized
host 1 bad_type
host 1 unsolicited
host 1 key 0x60				# its release would read as an E0 prefix
host 1 key 0x1e unicode
wait_for "[ \$(counter $STATS bad) -eq 5 ]"
wait_for "[ \$(counter $STATS unicode) -eq 1 ]"
printf '1 30 1\n1 30 0\n' >/tmp/want
expect_events "$ev" /tmp/want stroke 0x1e

step "a host that refuses the protocol: probe fails, the device stays unbound"
host 1 refuse
dev=$BUS/$inst
echo "$inst" >/sys/bus/vmbus/drivers/hyperv_keyboard/unbind
! echo "$inst" >/sys/bus/vmbus/drivers/hyperv_keyboard/bind 2>/dev/null || fail "bind succeeded"
expect_eq "$(host_state 1 accepted)" 0 "host refused"
[ ! -e $dev/driver ] || fail "refused device is bound"
dmesg | grep -q "$inst: host refused keyboard protocol 1.0" || fail "no refusal message"
echo "$inst" >/sys/bus/vmbus/drivers/hyperv_keyboard/bind
ev=$(event_dev "$inst")

step "rescind while typing"
( i=0; while [ $i -lt 200 ]; do echo "1 key 0x1e" 2>/dev/null >$SIM/control || exit 0; i=$((i + 1)); done ) &
typist=$!
wait_for "[ \$(counter $STATS strokes) -gt 20 ]"
echo 1 >$SIM/rescind
wait $typist || true
wait_for "[ ! -e $dev ]"
wait_for "! $EVTOOL find $inst"
rmmod hvx_kbd
