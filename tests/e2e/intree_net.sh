# SPDX-License-Identifier: GPL-2.0
# Linux's hv_netvsc on hvx_sim's network adapter: the host's port in a
# namespace, ping both ways, TCP bit-exact each way (16 MiB; 64 with
# make check FULL=1), the queues and RSS in-tree asks for, ethtool -L, an
# MTU change.
# hvx-e2e-timeout: 400
. "${0%/*}/lib.sh"

intree_host
intree_add net hv_netvsc hv_netvsc
wait_for "ls $BUS/$inst/net/ 2>/dev/null | grep -q ." 30
g=$(ls $BUS/$inst/net/)
wait_for "[ \"\$(host_state $relid netdev)\" != - ]" 30
h=$(host_state "$relid" netdev)
expect_eq "$(ethtool -i "$g" | sed -n 's/^driver: //p')" hv_netvsc "ethtool -i driver"
hostside_up

step "ping both ways"
wait_for "ping -c 1 -W 1 192.0.2.1" 30
ping -c 3 -W 5 192.0.2.1 >/tmp/ping || { cat /tmp/ping; fail "ping the host"; }
$H ping -c 3 -W 5 192.0.2.2 >/tmp/ping || { cat /tmp/ping; fail "ping from the host"; }

mib=16
full_run && mib=64
step "$mib MiB over TCP, bit-exact, each way"
tcp_both_ways $((mib << 20)) 192.0.2.1 192.0.2.2

step "the queues in-tree asks for: one sub-channel per CPU, RSS on at the host"
wait_for "[ \"\$(host_state $relid rss)\" = on ]" 30
expect_eq "$(host_state $relid subch)" 1 "sub-channels the host granted"
combined() { ethtool -l "$g" | awk '/^Combined:/ { n = $2 } END { print n }'; }	# the current count
wait_for "[ \"\$(combined)\" = 2 ]" 30
[ -d /sys/class/net/$g/queues/tx-1 ] || fail "no second transmit queue in sysfs"

step "ethtool -L combined 1, then 2: the host's grant and RSS follow"
ethtool -L "$g" combined 1
wait_for "[ \"\$(host_state $relid rss)\" = off ]" 30
expect_eq "$(combined)" 1 "queues"
expect_eq "$(host_state $relid subch)" 0 "sub-channels with one queue"
wait_for "ping -c 1 -W 1 192.0.2.1" 30
ethtool -L "$g" combined 2
wait_for "[ \"\$(host_state $relid rss)\" = on ]" 30
wait_for "[ \"\$(combined)\" = 2 ]" 30
expect_eq "$(host_state $relid subch)" 1 "sub-channels with two queues"
wait_for "ping -c 1 -W 1 192.0.2.1" 30

step "MTU 9000 both sides, a jumbo ping"
$IP link set "$g" mtu 9000
$H $IP link set "$h" mtu 9000
wait_for "ping -c 1 -W 1 -s 8972 192.0.2.1" 30
echo PASS
