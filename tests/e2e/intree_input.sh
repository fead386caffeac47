# SPDX-License-Identifier: GPL-2.0
# Linux's hyperv_keyboard and hid_hyperv on hvx_sim's keyboard and mouse:
# the strokes and pointer reports the host sends arrive as the exact evdev
# events hvx's drivers produce from the same host (input_kbd, input_mouse).
# hvx-e2e-timeout: 300
. "${0%/*}/lib.sh"

intree_host
. "${0%/*}/lib-input.sh"

step "keyboard: letters, shift, arrows, keypad, Pause: exact EV_KEY codes"
intree_add kbd hyperv_keyboard hyperv_keyboard
kbd=$relid
ev=$(event_dev "$inst")
expect_eq "$(cat /sys/class/input/${ev#/dev/input/}/device/name)" \
	"AT Translated Set 2 keyboard" "input device name"
type_keys_events >/tmp/want
expect_events "$ev" /tmp/want type_keys

step "mouse: moves, buttons, wheel: exact events"
intree_add mouse hid_hyperv hid_hyperv
mouse=$relid
# in-tree's HID device has no parent: it is found by its ids, not under the VMBus device
ev=$(event_dev 0006:045E:0621)
pointer_events >/tmp/want
expect_events "$ev" /tmp/want pointer
echo PASS
