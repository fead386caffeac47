# SPDX-License-Identifier: GPL-2.0
# GPA-direct packets: the guest names pages by frame number, the host reads
# exactly the bytes they hold: one byte, page-crossing, page-aligned,
# unaligned multi-page, and inconsistent requests refused. Driver GPADLs
# (hvx_gpadl_create): the host reads and writes the buffer through them,
# whatever the number of messages they take, and not after the teardown.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=1
modprobe hvx_echo_test
e=/sys/kernel/debug/hvx_echo_test/$(basename "$(dev_of_relid 1)")
wait_for "[ -e $e/gpa ]"

for shape in "1 0" "1 4095" "100 4090" "4096 0" "4096 1" "8192 2048" "12288 0" "12000 7"; do
	step "gpa $shape (bytes offset)"
	echo "$shape" >$e/gpa || fail "the host read other bytes for $shape"
done

step "refused before anything is sent"
for bad in "0 0" "100 4096" "20000 0"; do
	! echo "$bad" >$e/gpa 2>/dev/null || fail "accepted $bad"
done
for pages in 1 2 26 27 54 55 300; do
	step "a GPADL of $pages pages (26 frames fit the header, 28 each body)"
	echo $pages >$e/gpadl || fail "GPADL of $pages pages"
done
! echo 0 >$e/gpadl 2>/dev/null || fail "accepted a GPADL of no pages"
echo 10 >$e/ping
expect_eq "$(counter $e/stats bad)" 0 "bad echoes"
expect_eq "$(counter $SIM/stats bad_gpadls)" 0 \
	"GPADL messages the host found wrong"
echo PASS
