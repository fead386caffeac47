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

show "the host adds a keyboard and a mouse; modprobe by modalias binds hvx_kbd and hvx_mouse"
echo kbd >$SIM/add
echo mouse >$SIM/add
sleep 1
kbd=$(awk '/f912ad6d/ { print $1 }' $SIM/devices)
mouse=$(awk '/cfa8b69e/ { print $1 }' $SIM/devices)
for d in /sys/bus/vmbus/devices/*; do
	grep -q 'f912ad6d\|cfa8b69e' $d/class_id && modprobe "$(cat $d/modalias)"
done
sleep 2
grep -h '^N: Name' /proc/bus/input/devices
EVTOOL="python3 /hvx/e2e/evtool.py"
# read_events DEV N: print N input events from DEV in the background, once
# the reader has the device open (Python takes its time to start).
read_events() {
	rm -f /tmp/ready
	$EVTOOL read "$1" "$2" /tmp/ready &
	while [ ! -e /tmp/ready ]; do sleep 0.1; done
}
kev=$($EVTOOL find "$(awk -v r=$kbd '$1 == r { print $3 }' $SIM/devices | tr -d '{}')")
mev=$($EVTOOL find "$(awk -v r=$mouse '$1 == r { print $3 }' $SIM/devices | tr -d '{}')")

show "the host types h, i (set-1 0x23, 0x17); atkbd reports KEY_H 35, KEY_I 23"
read_events "$kev" 4
for c in 0x23 0x17; do
	echo "$kbd key $c" >$SIM/control
	echo "$kbd key $c break" >$SIM/control
done
wait

show "caps lock LED set in the guest; the host's view of the keyboard"
$EVTOOL write "$kev" 0x11 1 1
sleep 1
grep "^$kbd " $SIM/state

show "the host moves the pointer to (16384, 8192) and clicks"
read_events "$mev" 4
echo "$mouse move 16384 8192" >$SIM/control
echo "$mouse buttons 1" >$SIM/control
echo "$mouse buttons 0" >$SIM/control
wait

show "the host adds a SCSI controller; hvx_storvsc makes a disk of its LUN"
echo scsi >$SIM/add
modprobe hvx_storvsc
sleep 3
lsscsi
sg_inq /dev/sda | grep -E 'Vendor|Product'
mkfs.ext4 -q -F /dev/sda && mkdir -p /mnt/d && mount -t ext4 /dev/sda /mnt/d
echo "hello from an hvx disk" >/mnt/d/hello && sync && umount /mnt/d
e2fsck -fn /dev/sda | tail -1

show "integration services: heartbeat, time sample on the 'hyperv' PTP clock"
echo heartbeat >$SIM/add
echo timesync >$SIM/add
modprobe hvx_utils
sleep 2
hb=$(awk '/57164f39/ { print $1 }' $SIM/devices)
ts=$(awk '/9527e630/ { print $1 }' $SIM/devices)
echo "$hb beat" >$SIM/control
echo "$ts sample 42" >$SIM/control
sleep 1
grep -E "^($hb|$ts) " $SIM/state
ptp=/dev/ptp$(sed -n 's/^ptp //p' /sys/kernel/debug/hvx_utils/timesync)
echo "$ptp ($(cat /sys/class/ptp/${ptp#/dev/}/clock_name)) is ahead of the clock by" \
	"$(python3 /hvx/e2e/ptptool.py $ptp) s"

show "the host adds a video card; hvx_fb becomes fb0 and fbcon draws on it"
echo video >$SIM/add
modprobe hvx_fb
sleep 2
vid=$(awk '/da0a7802/ { print $1 }' $SIM/devices)
dmesg | grep -o 'hvx_fb .*fb0:.*'
printf '\033[2J\033[H' >/dev/tty1
{
	echo "hvx demo: this console is drawn by hvx_fb into VRAM in the host's"
	echo "MMIO space; only the changed rectangles are sent to the host (DIRT)."
	echo
	uname -a
	echo
	lsvmbus
} >/dev/tty1
sleep 2
grep "^$vid " $SIM/state
python3 /hvx/e2e/fbtool.py export demo-screen.ppm $SIM/screen-$vid.ppm &&
	echo "screenshot: demo-screen.png in the artifacts directory"

show "the KUnit suites"
for m in $(cat /hvx/kunit/modules); do modprobe "$m"; done
for suite in /sys/kernel/debug/kunit/*/; do
	echo "$(basename $suite): $(grep -c '^    ok ' $suite/results) ok," \
		"$(grep -c '^    not ok ' $suite/results) not ok"
done
for m in $(cat /hvx/kunit/modules); do rmmod "$m"; done

show "unload: the guest sends UNLOAD, the devices go away"
rmmod hvx_echo_test hvx_kbd hvx_mouse hvx_storvsc hvx_utils hvx_netvsc	# netvsc: loaded by its KUnit suite
for v in /sys/class/vtconsole/vtcon*; do
	grep -q 'frame buffer' $v/name && echo 0 >$v/bind
done
rmmod hvx_fb hvx_sim
dmesg | grep -o 'hvx_vmbus: disconnected.*'
ls /sys/bus/vmbus/devices | wc -l
rmmod hvx_vmbus
