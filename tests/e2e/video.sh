# SPDX-License-Identifier: GPL-2.0
# hvx-e2e-timeout: 400
# The synthetic video device: hvx_fb places its VRAM in the host's MMIO
# window and tells the host its mode (video=hyperv_fb:800x600 is on the test
# kernel's command line); a pattern written to /dev/fb0 shows in the host's
# capture pixel for pixel and the DIRT rectangles cover exactly the lines
# written; fbcon text shows; fbset changes the mode the host sees; a 3.2
# host, a refusing or silent host and malformed messages are survived; so
# is a rescind while user space holds /dev/fb0.
. "${0%/*}/lib.sh"

FB="python3 ${0%/*}/fbtool.py"
CAP=/tmp/screen.ppm
W=800 H=600 P=3200

one_device video hvx_fb
# The host's VRAM window (sim/vram.c): an ivshmem BAR, or through the
# Hyper-V model the memory the VMBus ACPI device names.
window=$(counter $SIM/stats vram_window)
[ -n "$window" ] || skip "no VRAM window (QEMU without the ivshmem device)"
SCREEN=$SIM/screen-1.ppm
fb=/sys/class/graphics/fb0

# capture: the host's screen now, in $CAP
capture() { cat $SCREEN >$CAP || fail "no capture"; }
# flushed N: wait until the host has seen N DIRT messages in all
flushed() { wait_for "[ \$(host_state 1 dirt_msgs) -ge $1 ]" 10; }
# shows W H SEED [Y0 Y1]: the host's screen holds that pattern (fbtool
# check) within 20 s; the flushes that bring it are asynchronous
shows() { wait_for "cat $SCREEN >$CAP && $FB check $CAP $*" 20; }
# show_pattern SEED W H: the pattern on the whole screen reaches the host
show_pattern() {
	$FB pattern /dev/fb0 "$2" "$3" "$1"
	shows "$2" "$3" "$1"
}
# fbcon off fb0, so that nothing but the test draws (no cursor either)
fbcon_bind() {
	local v
	for v in /sys/class/vtconsole/vtcon*; do
		grep -q "frame buffer" $v/name && echo "$1" >$v/bind
	done
	return 0
}

step "bound: synthvid 3.5, the user's mode, VRAM in the host's window"
wait_for "[ -e $fb ]"
# The pointer messages, then SITUATION_UPDATE: sent without a reply to wait for.
wait_for "[ \"\$(host_state 1 mode)\" = ${W}x${H}x32 ]"
wait_for "[ \$(counter $STATS dirt_needed) = 1 ]"
expect_eq "$(cat $fb/name)" hyperv_fb "fb name (in-tree's)"
expect_eq "$(host_state 1 version)" 3.5 "version"
expect_eq "$(host_state 1 mode)" ${W}x${H}x32 "mode the host was told"
expect_eq "$(host_state 1 pitch)" $P "pitch"
expect_eq "$(cat $fb/virtual_size)" "$W,$H" "virtual size"
expect_eq "$(counter $STATS version)" 3.5 "driver's version"
vram=$(grep -i "$inst" /proc/iomem | tr -d ' ' | cut -d: -f1)
[ -n "$vram" ] || fail "VRAM not claimed in /proc/iomem"
set -- $window
expect_eq "$(host_state 1 vram)" "0x${vram%-*}" "VRAM location the host acknowledged"
[ $((0x${vram%-*})) -ge $(($1)) ] && [ $((0x${vram#*-})) -le $(($2)) ] ||
	fail "VRAM $vram outside the window $1-$2"
expect_eq $((0x${vram#*-} - 0x${vram%-*} + 1)) $((16 << 20)) "VRAM size (the offer's 16 MiB)"
expect_eq "$(host_state 1 ptr_pos)" 1 "pointer position messages"
expect_eq "$(host_state 1 ptr_visible)" 0 "pointer hidden"
expect_eq "$(host_state 1 ptr_shapes)" 1 "pointer shape messages (1x1)"
expect_eq "$(counter $STATS dirt_needed)" 1 "host asked for DIRT"

step "a pattern written to /dev/fb0 reaches the host pixel for pixel"
fbcon_bind 0
sleep 0.5
show_pattern 1 $W $H

step "lines 100-199 rewritten: one DIRT, exactly those lines"
n=$(host_state 1 dirt_msgs)
rects=$(host_state 1 dirt_rects)
bytes=$(host_state 1 dirt_bytes)
$FB pattern /dev/fb0 $W $H 2 100 200
flushed $((n + 1))
sleep 0.5
expect_eq "$(host_state 1 dirt_msgs)" $((n + 1)) "DIRT messages"
expect_eq "$(host_state 1 dirt_rects)" $((rects + 1)) "rectangles"
expect_eq "$(host_state 1 dirt_bytes)" $((bytes + 100 * P)) "bytes covered"
expect_eq "$(host_state 1 last_dirt)" "0,100,$W,200" "the rectangle"
capture
$FB check $CAP $W $H 2 100 200 || fail "rewritten lines"
$FB check $CAP $W $H 1 0 100 || fail "lines above, untouched"
$FB check $CAP $W $H 1 200 $H || fail "lines below, untouched"

step "through mmap too (deferred I/O)"
n=$(host_state 1 dirt_msgs)
python3 - <<'PY' || fail "mmap write"
import mmap, os
fd = os.open("/dev/fb0", os.O_RDWR)
m = mmap.mmap(fd, 800 * 600 * 4)
m[300 * 3200:301 * 3200] = b"\xff" * 3200
m.close()
PY
flushed $((n + 1))
sleep 0.3
capture
python3 - <<'PY' || fail "line 300 not white in the capture"
d = open("/tmp/screen.ppm", "rb").read()
px = d[-800 * 600 * 3:]
assert px[300 * 2400:301 * 2400] == b"\xff" * 2400
PY

step "fbcon text shows in the capture"
fbcon_bind 1
printf '\033[2J\033[H' >/dev/tty1
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' >/dev/tty1
wait_for "cat $SCREEN >$CAP && $FB cells $CAP 0 40 && $FB black $CAP 16 $H" 20
$FB export video-fbcon.ppm $CAP
printf '\033[2J\033[H' >/dev/tty1
echo "hvx_fb: this console is drawn by hvx_fb and shown by the simulated host" >/dev/tty1
sleep 1.5
capture
$FB export video-console.ppm $CAP

step "fbset: the host sees the new mode, the whole screen again"
fbcon_bind 0
n=$(host_state 1 situations)
fbset -xres 1024 -yres 768 -vxres 1024 -vyres 768 -depth 32 || fail "fbset 1024x768"
wait_for "[ \$(host_state 1 situations) -gt $n ]"
expect_eq "$(host_state 1 mode)" 1024x768x32 "mode after fbset"
expect_eq "$(host_state 1 pitch)" 4096 "pitch after fbset"
expect_eq "$(cat $fb/virtual_size)" "1024,768" "virtual size after fbset"
show_pattern 3 1024 768
step "a mode beyond the host's maximum is refused, the old one kept"
fbset -xres 2560 -yres 1600 -vxres 2560 -vyres 1600 -depth 32 2>/dev/null &&
	fail "2560x1600 accepted"
fbset -depth 16 2>/dev/null && fail "16 bpp accepted"
expect_eq "$(host_state 1 mode)" 1024x768x32 "mode kept"

step "malformed and unexpected host messages: counted, dropped, still drawing"
bad=$(counter $STATS bad)
for f in unsolicited_ack bad_type oversized; do
	host 1 $f
done
wait_for "[ \$(counter $STATS bad) -ge $((bad + 3)) ]"
show_pattern 4 1024 768

step "200 host messages behind one signal: at most 64 a callback run (interrupts are off in it)"
bad=$(counter $STATS bad)
runs=$(callbacks 1)
host 1 unsolicited_ack 200
wait_for "[ \$(counter $STATS bad) = $((bad + 200)) ]"
runs=$(($(callbacks 1) - runs))
[ $runs -ge 4 ] || fail "200 messages taken in $runs callback runs"
show_pattern 7 1024 768

step "the host stops asking for DIRT: none sent; asks again: whole screen"
host 1 dirt 0
wait_for "[ \$(counter $STATS dirt_needed) = 0 ]"
n=$(host_state 1 dirt_msgs)
$FB pattern /dev/fb0 1024 768 5
sleep 1
expect_eq "$(host_state 1 dirt_msgs)" $n "DIRT while not asked"
host 1 dirt 1
flushed $((n + 1))
expect_eq "$(host_state 1 last_dirt)" "0,0,1024,768" "rectangle after FEATURE_CHANGE"
shows 1024 768 5

step "the host forgets the screen (FEATURE_CHANGE is_situ_needed): told again, all of it"
n=$(host_state 1 situations)
host 1 situ
wait_for "[ \$(host_state 1 situations) -gt $n ]"
expect_eq "$(host_state 1 mode)" 1024x768x32 "mode told again"
shows 1024 768 5	# the host's screen was blank until the guest sent it again

step "a Windows 8 host (3.2): no resolution list, the user's mode still"
rmmod hvx_fb
host 1 version 3.2
modprobe hvx_fb
wait_for "[ -e $fb ]"
expect_eq "$(host_state 1 version)" 3.2 "version"
wait_for "[ \"\$(host_state 1 mode)\" = ${W}x${H}x32 ]"
host 1 version 3.5

step "a host that refuses every version, is silent, lists nonsense: probe fails, clearly"
fbcon_bind 0	# fbcon took the new fb0, and holds the module while bound
rmmod hvx_fb
host 1 refuse
host 1 refuse
modprobe hvx_fb
wait_for "dmesg | grep -q 'host refused synthvid 3.5 and 3.2'"
[ -e $fb ] && fail "bound to a refusing host"
rmmod hvx_fb
host 1 silent 1
modprobe hvx_fb
wait_for "dmesg | grep -q 'host did not answer the version request in 10 s'" 20
[ -e $fb ] && fail "bound to a silent host"
rmmod hvx_fb
host 1 bad_resolutions
modprobe hvx_fb
wait_for "dmesg | grep -q 'host sent a malformed resolution list'"
[ -e $fb ] && fail "bound with 200 resolutions"
rmmod hvx_fb
host 1 bad_default
modprobe hvx_fb
wait_for "[ \$(dmesg | grep -c 'host sent a malformed resolution list') = 2 ]"
[ -e $fb ] && fail "bound with a default outside the list"
rmmod hvx_fb
modprobe hvx_fb
wait_for "[ -e $fb ]"
wait_for "[ \"\$(host_state 1 mode)\" = ${W}x${H}x32 ]"

step "rescind while drawing and while /dev/fb0 is held open"
fbcon_bind 1
exec 3<>/dev/fb0
( while :; do $FB pattern /dev/fb0 $W $H 6 0 50 2>/dev/null || exit 0; done ) &
writer=$!
sleep 1
echo 1 >$SIM/rescind
wait_for "[ ! -e $fb ]"
# The writer ends by itself once its write or open fails. (Killing its
# loop left a python writer holding /dev/fb0, and hvx_fb loaded.)
wait_for "! kill -0 $writer" 30
wait $writer || fail "the writer's loop"
echo x >&3 2>/dev/null && fail "write to a removed framebuffer succeeded"
exec 3>&-
grep -qi "$inst" /proc/iomem && fail "VRAM still claimed after the rescind"
true
