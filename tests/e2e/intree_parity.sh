# SPDX-License-Identifier: GPL-2.0
# Drop-in parity: one simulated host (a SCSI disk, a network adapter, a
# keyboard, a mouse) served first to hvx, then, hvx unloaded and the host
# kept, to Linux's in-tree drivers; Debian's udev rules run on each device
# by udevadm test (the test kernel has no inotify, which udevd needs).
# What userspace matches on must be the same under both: the driver names,
# ethtool's driver, the interface name, the udev properties and links of
# the disk, the netdev and the input devices (ID_PATH, ID_SERIAL,
# /dev/disk/by-id and by-path, ID_NET_DRIVER, ...), the sysfs paths'
# shape. Prints the comparison; a difference not explained below fails.
# Runs first in its guest: hvx's bus cannot load once hv_vmbus has.
# hvx-e2e-timeout: 300
. "${0%/*}/lib.sh"

grep -qw hv_model /proc/cmdline || skip "the guest was not booted with hv_model"
grep -q '^hv_vmbus ' /proc/modules && fail "hv_vmbus is loaded: hvx cannot be compared"

# Differences kept on purpose, each with its reason: "KEY|why".
explained() {
	cat <<'E'
mouse.event|hvx puts the HID device below its VMBus device; in-tree gives it no parent
mouse.ID_PATH|the same: in-tree's mouse has no path, hvx's is its VMBus device's
mouse.links|the same: hvx's mouse also gets a /dev/input/by-path link
mouse.hid_driver|hvx fixes the descriptor up for hid-generic; in-tree binds hid-hyperv
E
}

# shape PATH: a path with what varies between boots and stacks made generic
shape() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<guid>/g
		s/host[0-9]+/hostN/g; s/target[0-9]+:/targetN:/g
		s#/[0-9]+:([0-9]+:[0-9]+:[0-9]+)#/N:\1#g
		s/(input|event|mouse|serio)[0-9]+/\1N/g; s/serio-[0-9]+/serio-N/g
		s#by-diskseq/[0-9]+#by-diskseq/N#; s/\.[0-9A-F]{4}$/.N/; s/\.[0-9A-F]{4}\//.N\//g'
}

# props NAME SYSPATH KEY...: "NAME.KEY value" for each udev property named,
# and the links, as Debian's rules make them for an "add" of the device
props() {
	local name=$1 p=$2 k all
	shift 2
	all=$(SYSTEMD_LOG_LEVEL=err udevadm test --action=add "$(realpath "$p")" 2>/dev/null |
		grep -E '^[A-Z_]+=')
	for k in "$@"; do
		echo "$name.$k $(echo "$all" | sed -n "s/^$k=//p" | shape)"
	done
	echo "$name.links $(echo "$all" | sed -n 's/^DEVLINKS=//p' | tr ' ' '\n' | shape | sort |
		tr '\n' ' ')"
}

# collect: every compared item of the four devices, one "KEY value" line each
collect() {
	local d inst disk net ev hid
	for d in scsi:1 net:2 kbd:3 mouse:4; do
		inst=48565853-0000-0000-0000-00000000000${d#*:}
		echo "${d%:*}.driver $(basename "$(readlink $BUS/$inst/driver)")"
		echo "${d%:*}.devpath $(realpath $BUS/$inst | shape)"
	done
	inst=48565853-0000-0000-0000-000000000001
	disk=$(ls -d $BUS/$inst/host*/target*/*:0:0:0/block/sd* | head -1)
	echo "disk.devpath $(realpath "$disk" | shape)"
	echo "disk.proc_name $(cat $BUS/$inst/host*/scsi_host/host*/proc_name)"
	props disk "$disk" ID_BUS ID_TYPE ID_VENDOR ID_MODEL ID_REVISION ID_SERIAL ID_SERIAL_SHORT \
		ID_SCSI ID_SCSI_SERIAL ID_WWN ID_PATH ID_PATH_TAG DEVTYPE
	inst=48565853-0000-0000-0000-000000000002
	net=$(ls $BUS/$inst/net/)
	echo "net.name $net"
	echo "net.ethtool_driver $(ethtool -i "$net" | sed -n 's/^driver: //p')"
	echo "netdev.devpath $(realpath /sys/class/net/$net | shape)"
	props net /sys/class/net/$net ID_NET_DRIVER ID_NET_NAME_MAC ID_NET_NAME_PATH ID_NET_NAME_SLOT \
		ID_NET_LINK_FILE ID_PATH ID_BUS
	for d in kbd:3 mouse:4; do
		inst=48565853-0000-0000-0000-00000000000${d#*:}
		case ${d%:*} in
		kbd) ev=$($EVTOOL find "$inst") ;;
		mouse) ev=$($EVTOOL find 0006:045E:0621) ;;
		esac
		ev=/sys/class/input/${ev#/dev/input/}
		echo "${d%:*}.event $(realpath "$ev" | shape)"
		echo "${d%:*}.name $(cat "$ev/device/name")"
		props "${d%:*}" "$ev" ID_INPUT ID_INPUT_KEY ID_INPUT_KEYBOARD ID_INPUT_MOUSE ID_INPUT_TABLET \
			ID_PATH ID_BUS ID_SERIAL
	done
	hid=$(ls -d /sys/bus/hid/devices/0006:045E:0621.* | head -1)
	echo "mouse.hid_driver $(basename "$(readlink "$hid/driver")")"
}

# stack FILE DRIVER...: load a stack's drivers, wait for each of the four
# to open its channel and show its disk and mouse; what it shows into FILE
stack() {
	local out=$1 m r
	shift
	for m in "$@"; do
		modprobe "$m"
	done
	for r in 1 2 3 4; do
		wait_for "grep -q '^$r .* open ' $SIM/devices" 30
	done
	wait_for "ls -d $BUS/*01/host*/target*/*:0:0:0/block/sd* 2>/dev/null" 30
	wait_for "$EVTOOL find 0006:045E:0621" 30
	collect | sed 's/ *$//' >"$out"
}

step "hvx's stack"
modprobe hvx_sim echo_devices=0
for b in scsi net kbd mouse; do
	echo $b >$SIM/add
done
stack /tmp/parity.hvx hvx_storvsc hvx_netvsc hvx_kbd hvx_mouse

step "in-tree's stack on the same host"
rmmod hvx_mouse hvx_kbd hvx_netvsc hvx_storvsc hvx_vmbus
stack /tmp/parity.intree hv_vmbus hv_storvsc hv_netvsc hyperv_keyboard hid_hyperv

step "the comparison"
bad=0
while read -r key hvx; do
	intree=$(sed -n "s/^$key //p" /tmp/parity.intree)
	why=$(explained | sed -n "s/^$key|//p")
	if [ "$hvx" = "$intree" ]; then
		printf '  same       %-24s %s\n' "$key" "$hvx"
	elif [ -n "$why" ]; then
		printf '  explained  %-24s hvx: %s | in-tree: %s (%s)\n' "$key" "$hvx" "$intree" "$why"
	else
		printf '  DIFFERENT  %-24s hvx: %s | in-tree: %s\n' "$key" "$hvx" "$intree"
		bad=$((bad + 1))
	fi
done </tmp/parity.hvx
expect_eq "$(wc -l </tmp/parity.intree)" "$(wc -l </tmp/parity.hvx)" "items compared"
[ $bad = 0 ] || fail "$bad unexplained differences between hvx and in-tree"
echo PASS
