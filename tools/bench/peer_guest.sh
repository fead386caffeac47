# SPDX-License-Identifier: GPL-2.0
# Inside the test guest booted on the model of Hyper-V (tools/bench/
# peer_bench.sh): one simulated host with a SCSI disk and a network adapter,
# served first to hvx (hvx_vmbus, hvx_storvsc, hvx_netvsc), then, hvx
# unloaded and the host kept, to Linux's in-tree drivers (hv_vmbus,
# hv_storvsc, hv_netvsc). Both stacks reach the host the same way, through
# SynIC and hypercalls, so the ratios compare the drivers.
set -e
IP=/usr/bin/ip
MB=${BENCH_MB:-32}
PKTS=${BENCH_PKTS:-20000}
RUNTIME=${BENCH_RUNTIME:-8}
SIM=/sys/kernel/debug/hvx_sim
T="python3 /hvx/e2e/nettool.py"

# until TRIES COMMAND...: retry every 0.2 s
until_ok() {
	local i=0 n=$1
	shift
	until "$@"; do
		i=$((i + 1)); [ $i -lt "$n" ] || { echo "gave up waiting for: $*"; exit 1; }
		sleep 0.2
	done
}

relid_of() { awk -v c="$1" '$2 == c && $4 == "offered" && $7 == 0 { print $1 }' $SIM/devices; }
scsi_class="{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}"
net_class="{f8615163-df3e-46c5-913f-f2d2f965ed0e}"

# disk and netdev of the devices the host offered: $disk, $g (guest), $h (host port)
find_disk() {
	local b
	for b in /sys/block/sd*; do
		[ "$(cat $b/device/model 2>/dev/null)" = "Virtual Disk    " ] && disk=${b##*/} && return 0
	done
	return 1
}
find_netdevs() {
	local inst
	inst=$(awk -v r="$(relid_of "$net_class")" '$1 == r { print $3 }' $SIM/devices | tr -d '{}')
	g=$(ls /sys/bus/vmbus/devices/$inst/net/ 2>/dev/null | head -1)
	h=$(awk -v r="$(relid_of "$net_class")" '$1 == r { for (i = 3; i <= NF; i++)
		if ($i ~ /^netdev=hvxh/) print substr($i, 8) }' $SIM/state)
	[ -n "$g" ] && [ -n "$h" ]
}

# fio_run NAME fio-args...: "NAME IOPS MB/s" of the reads
fio_run() {
	local name=$1
	shift
	fio --eta=never --output-format=json --name=$name --filename=/dev/$disk --direct=1 \
		--ioengine=libaio --time_based --runtime=$RUNTIME --size=64M "$@" >/tmp/$name.json
	python3 - "$name" /tmp/$name.json <<'PY'
import json, sys
job = json.load(open(sys.argv[2]))["jobs"]
rd = [j["read"] for j in job]
print(sys.argv[1], round(sum(r["iops"] for r in rd)), round(sum(r["bw_bytes"] for r in rd) / 1e6, 1))
PY
}

# tcp NS_FROM ADDR_TO NS_TO: MB/s of the blob sent
tcp() {
	local s r
	$IP netns exec $3 $T serve 5001 /dev/null &
	s=$!
	sleep 0.5
	r=$($IP netns exec $1 $T rate $2 5001 /tmp/blob)
	wait $s
	echo "$r"
}

# streams: MB/s of two TCP streams host to guest, each hashed to its own queue
streams() {
	local key p0 p1 s0 s1 t
	key=$($IP netns exec ga ethtool -x "$g" | sed -n '/RSS hash key/{n;p}')
	p0=$($T rss_port "$key" 198.51.100.2 198.51.100.1 5011 2 0)
	p1=$($T rss_port "$key" 198.51.100.2 198.51.100.1 5012 2 1)
	$IP netns exec ga $T serve 5011 /dev/null &
	s0=$!
	$IP netns exec ga $T serve 5012 /dev/null &
	s1=$!
	sleep 0.5
	t=$($IP netns exec hb python3 -c 'import subprocess, sys, time
t = time.monotonic()
ps = [subprocess.Popen(a.split()) for a in sys.argv[1:]]
sys.exit(1) if any([p.wait() for p in ps]) else print(time.monotonic() - t)' \
		"$T send 198.51.100.1 5011 /tmp/half $p0" "$T send 198.51.100.1 5012 /tmp/half $p1")
	wait $s0 $s1
	python3 -c "print(round($MB / $t, 1))"
}

# measure STACK: every figure of one driver stack, as "BENCH STACK KEY VALUE"
measure() {
	local r
	until_ok 150 find_disk
	r=$(fio_run rand4k --rw=randread --bs=4k --iodepth=32 --numjobs=2 --group_reporting)
	echo "BENCH $1 rand4k_iops $(echo $r | cut -d' ' -f2)"
	r=$(fio_run seq1m --rw=read --bs=1M --iodepth=8 --numjobs=1)
	echo "BENCH $1 seq1m_MBps $(echo $r | cut -d' ' -f3)"
	until_ok 150 find_netdevs
	$IP netns add ga; $IP netns add hb
	$IP link set "$g" netns ga; $IP link set "$h" netns hb
	$IP -n ga addr add 198.51.100.1/24 dev "$g"; $IP -n ga link set "$g" up
	$IP -n hb addr add 198.51.100.2/24 dev "$h"; $IP -n hb link set "$h" up
	until_ok 150 $IP netns exec ga ping -c 1 -W 1 198.51.100.2 >/dev/null
	echo "BENCH $1 tcp_out_MBps $(tcp ga 198.51.100.2 hb)"
	echo "BENCH $1 tcp_in_MBps $(tcp hb 198.51.100.1 ga)"
	echo "BENCH $1 udp_pps $($IP netns exec ga $T udp 198.51.100.2 $PKTS)"
	$IP netns exec ga ethtool -L "$g" combined 1
	until_ok 150 $IP netns exec ga ping -c 1 -W 1 198.51.100.2 >/dev/null
	echo "BENCH $1 tcp2_1q_MBps $(streams)"
	$IP netns exec ga ethtool -L "$g" combined 2
	until_ok 150 $IP netns exec ga ping -c 1 -W 1 198.51.100.2 >/dev/null
	echo "BENCH $1 tcp2_2q_MBps $(streams)"
	$IP netns del ga
	$IP netns del hb
}

head -c $((MB << 20)) /dev/urandom >/tmp/blob
head -c $((MB << 19)) /tmp/blob >/tmp/half
grep -qw hv_model /proc/cmdline || { echo "boot with hv_model"; exit 1; }

modprobe hvx_sim echo_devices=0
echo scsi >$SIM/add
echo net >$SIM/add
modprobe hvx_storvsc
modprobe hvx_netvsc
measure hvx
# The host stays; hvx lets go of it, and the in-tree stack connects.
rmmod hvx_netvsc hvx_storvsc hvx_vmbus
modprobe hv_vmbus
modprobe hv_storvsc
modprobe hv_netvsc
measure intree
