# SPDX-License-Identifier: GPL-2.0
# Devices come and go at run time: hot-add, rescind (with a driver bound),
# relids released back to the host and reused.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=1
modprobe hvx_echo_test
d1=$(dev_of_relid 1)
wait_for "[ -e $d1/driver ]"

step "hot-add"
echo echo >$SIM/add
wait_for "[ \$(device_count) = 2 ]"
d2=$(dev_of_relid 2)
expect_eq "$(cat $d2/id)" 2 "new device's relid"
wait_for "[ -e $d2/driver ]"
expect_eq "$(basename "$(readlink $d2/driver)")" hvx_echo_test "driver of the new device"

step "rescind relid 1 while bound"
echo 1 >$SIM/rescind
wait_for "[ ! -e $d1 ]"
# The bus link goes before the driver's remove runs; the relid after it.
wait_for "! grep -q '^1 ' $SIM/devices"
dmesg | grep -q "48565853-0000-0000-0000-000000000001: echo device unbound (relid 1)" ||
	fail "driver remove did not run"
expect_eq "$(counter $SIM/stats relids_released)" 1 "relids released to the host"
expect_eq "$(device_count)" 1 "devices left"

step "rescinding it again is refused"
! echo 1 >$SIM/rescind 2>/dev/null || fail "second rescind of relid 1 accepted"

step "the released relid is reused"
echo echo >$SIM/add
wait_for "[ \$(device_count) = 2 ]"
expect_eq "$(cat "$(dev_of_relid 1)/device_id")" "{48565853-0000-0000-0000-000000000003}" \
	"device on the reused relid"
expect_eq "$(counter $CORE_STATS bad_offers)" 0 "bad offers"
echo PASS
