# SPDX-License-Identifier: GPL-2.0
# Inside the test guest (tools/bench/net_bench.sh boots it): TCP throughput
# and UDP packets/s between two network namespaces, once through an
# hvx_netvsc interface and its hvx_sim host port, once through a veth pair,
# in the same guest and run; then the ratios. (The scaling from one queue
# to two is measured by tools/bench/peer_guest.sh, for hvx and in-tree.)
set -e
IP=/usr/bin/ip
MB=${BENCH_MB:-32}
PKTS=${BENCH_PKTS:-20000}
T="python3 /hvx/e2e/nettool.py"

modprobe hvx_sim echo_devices=0
echo net >/sys/kernel/debug/hvx_sim/add
modprobe hvx_netvsc
i=0
until g=$(ls /sys/bus/vmbus/devices/*/net/ 2>/dev/null | grep -v : | head -1) && [ -n "$g" ] &&
	h=$(awk '$1 == 1 { for (i = 3; i <= NF; i++) if ($i ~ /^netdev=hvxh/) print substr($i, 8) }' \
	    /sys/kernel/debug/hvx_sim/state) && [ -n "$h" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "no interfaces"; exit 1; }
	sleep 0.2
done

# pair NS_A DEV_A NS_B DEV_B: put each end in its namespace, addressed, up
pair() {
	$IP netns add $1; $IP netns add $3
	$IP link set $2 netns $1; $IP link set $4 netns $3
	$IP -n $1 addr add 198.51.100.1/24 dev $2; $IP -n $1 link set $2 up
	$IP -n $3 addr add 198.51.100.2/24 dev $4; $IP -n $3 link set $4 up
	$IP netns exec $1 ping -c 1 -W 5 198.51.100.2 >/dev/null
}
pair hvxa "$g" hvxb "$h"
$IP link add vetha type veth peer name vethb
pair vetha vetha vethb vethb
head -c $((MB << 20)) /dev/urandom >/tmp/blob

# measure NAME NS_FROM NS_TO: MB/s from NS_FROM to NS_TO, and packets/s
measure() {
	local s r
	$IP netns exec $3 $T serve 5001 /dev/null &
	s=$!
	sleep 0.5
	r=$($IP netns exec $2 $T rate 198.51.100.2 5001 /tmp/blob)
	wait $s
	echo "BENCH $1 tcp_MBps $r"
	echo "BENCH $1 udp_pps $($IP netns exec $2 python3 /hvx/e2e/nettool.py udp 198.51.100.2 $PKTS)"
}
measure hvx hvxa hvxb
measure veth vetha vethb
