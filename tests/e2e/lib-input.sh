# SPDX-License-Identifier: GPL-2.0
# What the host types and points, and the exact evdev events that must
# come of it: shared by hvx's input tests and the in-tree peer's, so both
# drivers are held to one specification. Set $kbd and $mouse to the relids
# of the keyboard and the mouse before calling these.

# stroke CODE [flags]: press and release
stroke() {
	host $kbd key "$@"
	host $kbd key "$@" break
}

# Letters, shift, arrows, keypad, right ctrl and Pause.
type_keys() {
	stroke 0x23			# h
	stroke 0x17			# i
	host $kbd key 0x2a		# left shift down
	stroke 0x1e			# a
	host $kbd key 0x2a break
	stroke 0x48 e0			# up
	stroke 0x4b e0			# left
	stroke 0x47			# keypad 7
	stroke 0x1c e0			# keypad enter
	stroke 0x1d e0			# right ctrl
	host $kbd key 0x1d e1		# Pause: E1 1D 45, then E1 9D C5
	host $kbd key 0x45
	host $kbd key 0x1d e1 break
	host $kbd key 0x45 break
}

# type_keys' events, "type code value": EV_KEY KEY_H 35, KEY_I 23,
# KEY_LEFTSHIFT 42, KEY_A 30, KEY_UP 103, KEY_LEFT 105, KEY_KP7 71,
# KEY_KPENTER 96, KEY_RIGHTCTRL 97, KEY_PAUSE 119
type_keys_events() {
	cat <<'W'
1 35 1
1 35 0
1 23 1
1 23 0
1 42 1
1 30 1
1 30 0
1 42 0
1 103 1
1 103 0
1 105 1
1 105 0
1 71 1
1 71 0
1 96 1
1 96 0
1 97 1
1 97 0
1 119 1
1 119 0
W
}

# Moves, each button, all five, and the wheel both ways.
pointer() {
	host $mouse move 100 200
	host $mouse move 32767 0
	host $mouse buttons 1
	host $mouse buttons 2
	host $mouse buttons 0x1f
	host $mouse buttons 0
	host $mouse wheel 1
	host $mouse wheel -2
}

# pointer's events: EV_ABS ABS_X 0 / ABS_Y 1; EV_KEY BTN_LEFT 272 ...
# BTN_EXTRA 276; EV_REL REL_WHEEL 8, REL_WHEEL_HI_RES 11 (120 per step)
pointer_events() {
	cat <<'W'
3 0 100
3 1 200
3 0 32767
3 1 0
1 272 1
1 272 0
1 273 1
1 272 1
1 274 1
1 275 1
1 276 1
1 272 0
1 273 0
1 274 0
1 275 0
1 276 0
2 8 1
2 11 120
2 8 -2
2 11 -240
W
}
