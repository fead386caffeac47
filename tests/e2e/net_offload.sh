# SPDX-License-Identifier: GPL-2.0
# hvx-e2e-timeout: 600
# What hvx_netvsc asks of the host, and the settings only a restart carries:
# against a host that completes checksums and cuts LSO frames as a NIC does
# (and whose stack then checks every checksum), TCP over IPv4 and IPv6 and
# UDP arrive bit-exact with no checksum error on either side; a VLAN's tags
# travel as 802.1Q info; a checksum the host calls wrong is not trusted;
# MTU, ring sizes and MAC reach the host (and a MAC the host offers, the
# guest); an NVSP 4 host is asked for no UDP checksums; a host that offers
# nothing gets asked for nothing.
. "${0%/*}/lib.sh"

ET=/usr/bin/ethtool
net_pair

# feature NAME: on or off, as ethtool -k shows it for the guest's interface
feature() {
	$ET -k "$g" | sed -n "s/^[[:space:]]*$1: \([a-z]*\).*/\1/p"
}

# udp_bound PORT [NETNS_PREFIX]: wait until a UDP socket is bound to PORT
# (a datagram sent before is lost: UDP does not retry)
udp_bound() {
	wait_for "$2 grep -qi ':$(printf %04X "$1") ' /proc/net/udp" 20
}

# udp_to_host PORT COUNT: COUNT datagrams of 1200 bytes from the guest;
# prints how many the host's socket got.
udp_to_host() {
	local server
	$H $NET udpserve "$1" "$2" >/tmp/udp &
	server=$!
	udp_bound "$1" "$H"
	$NET udpsend 192.0.2.1 "$1" "$2" 1200
	wait $server
	cat /tmp/udp
}

step "the host offers checksums and LSOv2: the features follow, the host is told"
for f in tx-checksum-ipv4 tx-checksum-ipv6 tcp-segmentation-offload \
	 tx-tcp6-segmentation rx-checksumming scatter-gather \
	 tx-vlan-offload rx-vlan-offload; do
	expect_eq "$(feature $f)" on "$f"
done
expect_eq "$(host_state 1 offload)" ip4:1,tcp4:4,udp4:4,tcp6:4,udp6:4,lso4:2,lso6:2 \
	"offload parameters the host got"
expect_eq "$(counter $N tx_csum)" 0xf "checksums the host completes"
$ET -S "$g" | grep -q "tx_lso:" || fail "ethtool -S names no tx_lso"

step "8 MiB over TCP/IPv4 each way: LSO frames cut by the host, every checksum right"
tcp_both_ways 8388608 192.0.2.1 192.0.2.2
[ "$(host_state 1 lso)" -gt 0 ] || fail "the host cut no LSO frame"
[ "$(host_state 1 segs)" -gt "$(host_state 1 lso)" ] || fail "LSO frames cut into one segment"
[ "$(counter $N tx_lso)" -gt 0 ] || fail "the driver sent no LSO frame"
[ "$(counter $N rx_csum_ok)" -gt 0 ] || fail "no checksum the host vouched for"
expect_eq "$(snmp Tcp InCsumErrors hostside)" 0 \
	"TCP checksum errors at the host"
expect_eq "$(snmp Tcp InCsumErrors)" 0 "TCP checksum errors at the guest"

step "8 MiB over TCP/IPv6 each way"
$H $IP addr add 2001:db8::1/64 dev "$h" nodad
$IP addr add 2001:db8::2/64 dev "$g" nodad
lso=$(host_state 1 lso)
tcp_both_ways 8388608 2001:db8::1 2001:db8::2
[ "$(host_state 1 lso)" -gt "$lso" ] || fail "no IPv6 LSO frame"

step "UDP: the host completes the checksums of the guest's datagrams"
csum=$(host_state 1 csum)
expect_eq "$(udp_to_host 5003 50)" 50 "datagrams the host got"
[ "$(host_state 1 csum)" -ge $((csum + 50)) ] || fail "the host completed no UDP checksum"
expect_eq "$(snmp Udp InCsumErrors hostside)" 0 \
	"UDP checksum errors at the host"

step "a checksum the host says is wrong: not trusted, the stack drops the datagram"
bad=$(counter $N rx_csum_bad)
errors=$(snmp Udp InCsumErrors)
host 1 bad_csum
$NET udpserve 5004 2 >/tmp/udp &
server=$!
udp_bound 5004
$H $NET udpsend 192.0.2.2 5004 2 100
wait $server
expect_eq "$(cat /tmp/udp)" 1 "datagrams that reached the socket"
expect_eq "$(counter $N rx_csum_bad)" $((bad + 1)) "checksums the host called wrong"
expect_eq "$(snmp Udp InCsumErrors)" $((errors + 1)) "the guest stack's checksum errors"

step "a VLAN: tags go out as 802.1Q info and come back"
$IP link add link "$g" name vl5 type vlan id 5
$H $IP link add link "$h" name hv5 type vlan id 5
$IP addr add 198.51.100.2/24 dev vl5
$H $IP addr add 198.51.100.1/24 dev hv5
$IP link set vl5 up
$H $IP link set hv5 up
ping -c 3 -W 5 198.51.100.1 >/tmp/ping || { cat /tmp/ping; fail "ping over VLAN 5"; }
$IP link del vl5

step "MTU 4000: the device restarts, the host learns it"
$IP link set "$g" mtu 4000
$H $IP link set "$h" mtu 4000
expect_eq "$(host_state 1 mtu)" 4014 "MTU in NDIS_CONFIG (with the Ethernet header)"
ping -c 3 -W 5 -s 3972 192.0.2.1 >/tmp/ping || { cat /tmp/ping; fail "ping at MTU 4000"; }
$IP link set "$g" mtu 1500
$H $IP link set "$h" mtu 1500
expect_eq "$(host_state 1 mtu)" 1514 "MTU back"

step "ring sizes: ethtool -G gives the host new buffers"
$ET -G "$g" rx 64 tx 64 || fail "ethtool -G"
expect_eq "$(counter $N sections)" 64 "send sections"
expect_eq "$(counter $N recv_buf)" 1048576 "receive buffer (64 host slots of 16 KiB)"
$ET -g "$g" | grep -A4 "^Current" | grep -q "^TX:[[:space:]]*64" || fail "ethtool -g"
! $ET -G "$g" tx 4 2>/dev/null || fail "a send buffer under 64 KiB"
expect_eq "$(counter $N sections)" 64 "send sections after a refused change"
ping -c 3 -W 5 192.0.2.1 >/dev/null || fail "ping with the new buffers"

step "a new MAC: the host takes it, keeps it across a restart"
$IP link set "$g" address 02:15:5d:aa:bb:cc
expect_eq "$(host_state 1 mac)" 02:15:5d:aa:bb:cc "the MAC the host has"
$H $IP neigh flush dev "$h"
ping -c 3 -W 5 192.0.2.1 >/dev/null || fail "ping from the new MAC"
$ET -G "$g" tx 170 || fail "ethtool -G back"
expect_eq "$(host_state 1 mac)" 02:15:5d:aa:bb:cc "the MAC after a restart"
expect_eq "$(cat /sys/class/net/$g/address)" 02:15:5d:aa:bb:cc "the interface's MAC"
ping -c 1 -W 5 192.0.2.1 >/dev/null || fail "ping after the restart"

# rebind: the driver probes the device again (the host's new offer), the
# guest's interface addressed and up again.
rebind() {
	echo "$inst" >/sys/bus/vmbus/drivers/hv_netvsc/unbind
	echo "$inst" >/sys/bus/vmbus/drivers/hv_netvsc/bind
	wait_for "ls $BUS/$inst/net/ 2>/dev/null | grep -q ."
	g=$(ls $BUS/$inst/net/)
	$IP addr add 192.0.2.2/24 dev "$g"
	$IP link set "$g" up
	$H $IP neigh flush dev "$h"
}

step "an NVSP 4 host offering checksums only: no UDP (22-byte parameters), no LSO"
host 1 version 0x40000
host 1 offload csum
rebind
expect_eq "$(counter $N nvsp)" 0x40000 "NVSP version"
expect_eq "$(counter $N tx_csum)" 0x5 "checksums the host completes: TCP only"
expect_eq "$(host_state 1 offload)" ip4:1,tcp4:4,udp4:0,tcp6:4,udp6:0,lso4:0,lso6:0 \
	"offload parameters the host got"
expect_eq "$(feature tx-checksum-ipv4)" on "tx-checksum-ipv4"
expect_eq "$(feature tcp-segmentation-offload)" off "tcp-segmentation-offload"
csum=$(host_state 1 csum)
help=$(counter $N tx_csum_help)
expect_eq "$(udp_to_host 5005 20)" 20 "datagrams the host got"
expect_eq "$(host_state 1 csum)" "$csum" "UDP checksums left to an NVSP 4 host"
[ "$(counter $N tx_csum_help)" -ge $((help + 20)) ] || fail "UDP checksums not summed here"
expect_eq "$(snmp Udp InCsumErrors hostside)" 0 "UDP checksum errors at the host"
host 1 version 0x60001

step "a host that offers nothing: no offload asked, the data still arrives"
host 1 offload none
rebind
for f in tx-checksum-ipv4 tx-checksum-ipv6 tcp-segmentation-offload; do
	expect_eq "$(feature $f)" off "$f without host offloads"
done
expect_eq "$(counter $N tx_csum)" 0x0 "checksums the host completes"
lso=$(host_state 1 lso)
csum=$(host_state 1 csum)
tcp_both_ways 4194304 192.0.2.1 192.0.2.2
expect_eq "$(host_state 1 lso)" "$lso" "LSO frames to a host without LSO"
expect_eq "$(host_state 1 csum)" "$csum" "checksums left to a host without offloads"

step "the host offers another MAC: the driver takes it when it binds"
echo "1 mac 01:00:5e:00:00:01" >$SIM/control 2>/dev/null && fail "a multicast MAC offered"
host 1 mac 00:15:5d:12:34:56
rebind
expect_eq "$(cat /sys/class/net/$g/address)" 00:15:5d:12:34:56 "the interface's MAC"
expect_eq "$(host_state 1 mac)" 00:15:5d:12:34:56 "the MAC the host has"
ping -c 3 -W 5 192.0.2.1 >/dev/null || fail "ping from the offered MAC"
$IP netns del hostside
echo PASS
