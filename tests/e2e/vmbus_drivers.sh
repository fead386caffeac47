# SPDX-License-Identifier: GPL-2.0
# The driver API: modprobe of a device's modalias loads the class driver
# (what udev does), it binds; driver_override keeps or moves it.
. "${0%/*}/lib.sh"

modprobe hvx_sim echo_devices=1
d=$(dev_of_relid 1)
name=$(basename $d)

step "modprobe \$(cat modalias)"
grep -q '^hvx_echo_test ' /proc/modules && fail "driver loaded too early"
modprobe "$(cat $d/modalias)"
grep -q '^hvx_echo_test ' /proc/modules || fail "modalias did not load hvx_echo_test"
wait_for "[ -e $d/driver ]"
expect_eq "$(basename "$(readlink $d/driver)")" hvx_echo_test driver
dmesg | grep -q "$name: echo device bound (relid 1)" || fail "probe did not run"

step "driver_override to another name: unbound and stays so"
echo nothing >$d/driver_override
expect_eq "$(cat $d/driver_override)" nothing driver_override
echo $name >/sys/bus/vmbus/drivers/hvx_echo_test/unbind
echo $name >/sys/bus/vmbus/drivers_probe
[ ! -e $d/driver ] || fail "bound despite driver_override"

step "driver_override to the driver: bound again"
echo hvx_echo_test >$d/driver_override
echo $name >/sys/bus/vmbus/drivers_probe
[ -e $d/driver ] || fail "not bound by driver_override"
echo >$d/driver_override
expect_eq "$(cat $d/driver_override)" "(null)" "cleared driver_override"

step "unload the driver, then the host"
rmmod hvx_echo_test
[ ! -e $d/driver ] || fail "still bound after rmmod"
rmmod hvx_sim
echo PASS
