# SPDX-License-Identifier: GPL-2.0
# File copy with Debian's hv_fcopy_daemon: a file the host sends arrives
# bit-exact, in 6 KiB fragments, each relayed after the one before was
# written; an existing file is not overwritten without the host's flag;
# malformed fragments are refused before the daemon sees them.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=0
echo fcopy >$SIM/add
modprobe hvx_utils
wait_for "grep -q '^1 .* open ' $SIM/devices"
F=/sys/kernel/debug/hvx_utils/fcopy
wait_for "[ \"\$(host_state 1 version)\" = 1.1 ]"
expect_eq "$(host_state 1 framework)" 3.0 "framework"

step "hv_fcopy_daemon registers"
hv_fcopy_daemon -n &
pid=$!
wait_for "[ \"\$(counter $F daemon)\" = idle ]"

step "a file of 1 MiB + 123 bytes arrives bit-exact (CREATE_PATH | OVER_WRITE)"
head -c $((1048576 + 123)) /dev/urandom >/tmp/src.bin
host 1 copy /tmp/src.bin /tmp/hvx-copy/in/ dest.bin 3
wait_for "[ \"\$(host_state 1 copy)\" != running ]" 120
expect_eq "$(host_state 1 copy)" done "copy"
cmp /tmp/src.bin /tmp/hvx-copy/in/dest.bin || fail "the copy differs"
expect_eq "$(counter $F fragments)" 171 "fragments (6 KiB each)"
expect_eq "$(counter $F bytes)" $((1048576 + 123)) "bytes"

step "an existing file without OVER_WRITE: the daemon's error reaches the host"
host 1 copy /tmp/src.bin /tmp/hvx-copy/in/ dest.bin 2
wait_for "[ \"\$(host_state 1 copy)\" != running ]" 30
expect_eq "$(host_state 1 copy)" failed "copy"
expect_eq "$(host_state 1 status)" 0x80070050 "HV_ERROR_ALREADY_EXISTS"

step "an empty file; a name that is not ASCII"
: >/tmp/empty
host 1 copy /tmp/empty /tmp/hvx-copy/ löschen.txt 3
wait_for "[ \"\$(host_state 1 copy)\" != running ]" 30
expect_eq "$(host_state 1 copy)" done "copy"
[ -f /tmp/hvx-copy/löschen.txt ] && [ ! -s /tmp/hvx-copy/löschen.txt ] ||
	fail "no empty löschen.txt"

step "malformed fragments are refused without the daemon seeing them"
relayed=$(counter $F relayed)
for f in overlong short bad_op; do
	expect_eq "$(ask 1 fault $f)" 0x80004005 "fault $f"
done
expect_eq "$(counter $F malformed)" 3 "malformed"
expect_eq "$(counter $F relayed)" "$relayed" "relayed"
expect_eq "$(ask 1 cancel)" 0x0 "cancel"

kill $pid
wait $pid || true
echo PASS
