# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows inside the guest: the suite as far as it goes today.
dmesg -n 1
SIM=/sys/kernel/debug/hvx_sim
ECHO=/sys/kernel/debug/hvx_echo_test
show() { echo; echo "### $*"; }

echo "### hvx demo guest: $(uname -sr), $(nproc) vCPUs"

show "modprobe hvx_sim echo_devices=2   (the core connects to the simulated host)"
modprobe hvx_sim echo_devices=2
dmesg | grep -o 'hvx_vmbus: connected.*'
grep '^hvx' /proc/modules | cut -d' ' -f1

show "lsvmbus -vv   (Linux's own tool, reading hvx's sysfs)"
lsvmbus -vv

show "modprobe \$(cat modalias)   (what udev does: loads the class driver)"
modprobe "$(cat /sys/bus/vmbus/devices/*01/modalias)"
for d in /sys/bus/vmbus/devices/*; do
	echo "$(basename $d) -> $(basename "$(readlink $d/driver)")"
done

show "1000 echo packets over each channel, every echo checked"
for d in $ECHO/*/; do
	echo 1000 >$d/ping && echo "$(basename $d): $(tr '\n' ' ' <$d/stats)"
done

show "the host hot-adds a device, then rescinds relid 1"
echo echo >$SIM/add
sleep 1
echo 1 >$SIM/rescind
sleep 1
cat $SIM/devices
cat /sys/kernel/debug/hvx_vmbus/stats

show "the KUnit suites of the core"
for m in $(cat /hvx/kunit/modules); do modprobe "$m"; done
for suite in /sys/kernel/debug/kunit/*/; do
	echo "$(basename $suite): $(grep -c '^    ok ' $suite/results) ok," \
		"$(grep -c '^    not ok ' $suite/results) not ok"
done
for m in $(cat /hvx/kunit/modules); do rmmod "$m"; done

show "unload: the guest sends UNLOAD, the devices go away"
rmmod hvx_echo_test hvx_sim
dmesg | grep -o 'hvx_vmbus: disconnected.*'
ls /sys/bus/vmbus/devices | wc -l
rmmod hvx_vmbus
