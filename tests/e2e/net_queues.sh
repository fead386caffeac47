# SPDX-License-Identifier: GPL-2.0
# hvx-e2e-timeout: 900
# Multi-queue (vRSS): against a host with RSS queues, hvx_netvsc asks for a
# sub-channel per CPU and opens each as its own queue; the host spreads
# received frames by the Toeplitz hash of the key and table the guest set
# (each flow lands on the queue the hash names, checked against a hash
# computed here), and the guest's frames leave on every queue. ethtool
# -x/-X, rx-flow-hash, -S per queue; -L to 1 and back to 2 while a transfer
# runs; a sub-channel rescinded during traffic; a host without RSS.
. "${0%/*}/lib.sh"

ET=/usr/bin/ethtool
KEY=6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa
net_pair

# combined max|current: the queue counts ethtool -l shows
combined() {
	$ET -l "$g" | awk '/^Combined/ { print $2 }' | if [ "$1" = max ]; then head -1; else tail -1; fi
}

# rxq Q: frames the guest took on queue Q
rxq() {
	$ET -S "$g" | awk -v k="rx_queue_$1_packets:" '$1 == k { print $2 }'
}

txq() {
	$ET -S "$g" | awk -v k="tx_queue_$1_packets:" '$1 == k { print $2 }'
}

# Each flow goes to a new guest port: the last one's 4-tuple may still be
# in TIME_WAIT at the host.
DPORT=5100

# flow_lands_on WANT Q [2]: 1 MiB to the guest's next port, from a host
# port the default table sends to queue Q (with 2: hashing the addresses
# only), arrives bit-exact, its frames on queue WANT (only a stray ARP or
# two elsewhere).
flow_lands_on() {
	local q=$1 other=$((1 - $1)) sport before after stray server
	shift
	DPORT=$((DPORT + 1))
	sport=$($NET rss_port $KEY 192.0.2.1 192.0.2.2 $DPORT 2 "$@") || fail "no port for queue $1"
	before=$(rxq "$q")
	stray=$(rxq "$other")
	head -c 1048576 /dev/urandom >/tmp/blob
	$NET serve $DPORT /tmp/got &
	server=$!
	sleep 1
	$H $NET send 192.0.2.2 $DPORT /tmp/blob "$sport" || fail "send from port $sport"
	wait $server || fail "the guest's receiver"
	cmp /tmp/blob /tmp/got || fail "the guest got other bytes"
	after=$(rxq "$q")
	[ $((after - before)) -ge 700 ] ||
		fail "port $sport: $((after - before)) frames on queue $q, not the flow's"
	[ $(($(rxq "$other") - stray)) -lt 20 ] ||
		fail "port $sport: $(($(rxq "$other") - stray)) frames on queue $other"
}

step "the host grants a sub-channel per CPU: two queues, RSS on"
wait_for "[ \"\$(combined current)\" = 2 ]"
expect_eq "$(combined max)" 2 "queues at most (2 CPUs)"
expect_eq "$(host_state 1 subch)" 1 "sub-channels the host granted"
expect_eq "$(host_state 1 rss)" on "RSS at the host"
expect_eq "$(host_state 1 rss_table)" 128 "indirection table entries"
expect_eq "$(counter $N queues)" 2 "the driver's queues"
[ -d /sys/class/net/$g/queues/tx-1 ] || fail "no second transmit queue in sysfs"
$ET -x "$g" | grep -q "^ *0: *0 *1 *0 *1" || fail "default table: $($ET -x "$g" | head -4)"

step "ethtool -X hkey: each flow lands on the queue its Toeplitz hash names"
$ET -X "$g" hkey $KEY
$ET -x "$g" | grep -qi "$KEY" || fail "ethtool -x shows another key"
flow_lands_on 0 0
flow_lands_on 1 1
rxq_host=$(host_state 1 rxq)
[ "${rxq_host%%,*}" -gt 0 ] && [ "${rxq_host#*,}" -gt 0 ] || fail "host rxq=$rxq_host"

step "ethtool -X equal 1: every flow on queue 0; then the default again"
$ET -X "$g" equal 1
flow_lands_on 0 1
$ET -X "$g" default
flow_lands_on 1 1

step "rx-flow-hash tcp4 sd: the host hashes addresses only"
$ET -n "$g" rx-flow-hash tcp4 | grep -q "L4 bytes 0 & 1" || fail "tcp4 hashes no ports"
$ET -N "$g" rx-flow-hash tcp4 sd
$ET -n "$g" rx-flow-hash tcp4 | grep -q "L4 bytes" && fail "tcp4 still hashes ports"
# Without ports every flow between the two addresses hashes alike: to q
# (the port chosen for the 4-tuple's queue 0 and 1 lands there too).
q=$($NET rss_port $KEY 192.0.2.1 192.0.2.2 5002 2 0 2 >/dev/null 2>&1 && echo 0 || echo 1)
flow_lands_on "$q" 0
flow_lands_on "$q" 1
$ET -N "$g" rx-flow-hash tcp4 sdfn
$ET -n "$g" rx-flow-hash tcp4 | grep -q "L4 bytes 0 & 1" || fail "tcp4 ports not back"
# Refused (NDIS hashes UDP by addresses), though ethtool 6.1 exits 0.
$ET -N "$g" rx-flow-hash udp4 sdfn 2>/dev/null || true
$ET -n "$g" rx-flow-hash udp4 | grep -q "L4 bytes" && fail "UDP port hashing taken"

step "the guest's frames leave on both queues (the host's send table)"
t0=$(txq 0)
t1=$(txq 1)
head -c 65536 /dev/urandom >/tmp/small
i=0
# Each connection's hash is random: 16 all on one queue is a 1 in 32768 chance.
while [ $i -lt 16 ]; do
	$H $NET serve 5003 /tmp/got.host &
	server=$!
	sleep 1
	$NET send 192.0.2.1 5003 /tmp/small || fail "connection $i"
	wait $server
	cmp /tmp/small /tmp/got.host || fail "connection $i: other bytes"
	i=$((i + 1))
done
[ "$(txq 0)" -gt "$t0" ] && [ "$(txq 1)" -gt "$t1" ] ||
	fail "tx queues: 0 +$(($(txq 0) - t0)), 1 +$(($(txq 1) - t1))"

# during_transfer CMD...: CMD runs while 16 MiB go from the host to the
# guest; they arrive bit-exact.
during_transfer() {
	head -c 16777216 /dev/urandom >/tmp/blob
	$NET serve 5004 /tmp/got &
	server=$!
	sleep 1
	$H $NET send 192.0.2.2 5004 /tmp/blob &
	sender=$!
	sleep 1
	"$@"
	wait $sender || fail "the host's sender"
	wait $server || fail "the guest's receiver"
	cmp /tmp/blob /tmp/got || fail "other bytes after: $*"
}

step "ethtool -L combined 1 while a transfer runs, then back to 2"
during_transfer $ET -L "$g" combined 1
expect_eq "$(combined current)" 1 "queues after -L 1"
expect_eq "$(host_state 1 subch)" 0 "sub-channels asked for one queue"
expect_eq "$(host_state 1 rss)" off "RSS with one queue"
during_transfer $ET -L "$g" combined 2
expect_eq "$(combined current)" 2 "queues after -L 2"
expect_eq "$(host_state 1 rss)" on "RSS again"
$ET -L "$g" combined 3 2>/dev/null && fail "3 queues on 2 CPUs accepted"

step "the host rescinds the sub-channel during a transfer: one queue, data intact"
sub=$(awk '$7 == 1 { print $1 }' $SIM/devices)
[ -n "$sub" ] || fail "no sub-channel in $SIM/devices"
during_transfer sh -c "echo $sub >$SIM/rescind"
wait_for "[ \"\$(combined current)\" = 1 ]"	# the driver hears of it from the device work
tcp_both_ways 1048576 192.0.2.1 192.0.2.2

step "a host without RSS: one queue, nothing asked"
host 1 queues 1
$IP link set "$g" mtu 1400	# a restart: the host is asked again
expect_eq "$(combined max)" 1 "queues at most"
expect_eq "$(combined current)" 1 "queues"
expect_eq "$(host_state 1 subch)" 0 "sub-channels asked"
expect_eq "$(host_state 1 rss)" off "RSS"
tcp_both_ways 1048576 192.0.2.1 192.0.2.2
$IP netns del hostside
echo PASS
