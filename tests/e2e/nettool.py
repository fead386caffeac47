# SPDX-License-Identifier: GPL-2.0
"""TCP helpers for the network e2e tests (busybox nc cannot be told when to stop).

  nettool.py serve PORT FILE        accept one connection, write what arrives to FILE
  nettool.py send HOST PORT FILE [SRCPORT]  connect (from SRCPORT), send FILE, close
  nettool.py rate HOST PORT FILE    send FILE, print the rate in MiB/s (benchmarks)
  nettool.py udp HOST COUNT         send COUNT 64-byte datagrams, print packets/s
  nettool.py udpsend HOST PORT COUNT SIZE   COUNT datagrams of SIZE bytes, 1 ms apart
  nettool.py udpserve PORT COUNT    wait (10 s at most) for COUNT datagrams, print how many came
  nettool.py rss_port KEY SRC DST DPORT QUEUES Q [2]  the first source port from 20000 whose
                                    IPv4 TCP flow SRC -> DST:DPORT an RSS host with Toeplitz
                                    KEY (hex, colons allowed) and the default table over
                                    QUEUES queues (entry i: i % QUEUES) sends on queue Q;
                                    with "2" it hashes the addresses only
Servers listen on IPv4 and IPv6.
"""
import socket
import struct
import sys
import time


def serve(port, path):
    with socket.create_server(("", int(port)), family=socket.AF_INET6,
                              dualstack_ipv6=True) as srv:
        conn, _ = srv.accept()
        with conn, open(path, "wb") as out:
            while True:
                data = conn.recv(1 << 16)
                if not data:
                    return
                out.write(data)


def connect(host, port, srcport):
    """Connect, waiting up to 20 s for a server that is still starting."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + 20
    while True:
        conn = socket.socket(family, socket.SOCK_STREAM)
        # A chosen source port may still have a connection in TIME_WAIT.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        conn.bind(("", int(srcport)))
        conn.settimeout(120)
        try:
            conn.connect((host, int(port)))
            return conn
        except ConnectionRefusedError:
            conn.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def send(host, port, path, srcport=0):
    with connect(host, port, srcport) as conn, open(path, "rb") as src:
        conn.sendfile(src)


def rate(host, port, path):
    start = time.monotonic()
    send(host, port, path)
    with open(path, "rb") as f:
        size = f.seek(0, 2)
    print(round(size / (1 << 20) / (time.monotonic() - start), 1))


def toeplitz(key, data):
    """The RSS hash: each set input bit XORs the 32 key bits from its position."""
    k, top, h = int.from_bytes(key, "big"), len(key) * 8 - 32, 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (top - i)) & 0xffffffff
    return h


def rss_port(key, src, dst, dport, queues, q, tuple4="4"):
    key = bytes.fromhex(key.replace(":", ""))
    addrs = socket.inet_aton(src) + socket.inet_aton(dst)
    for sport in range(20000, 21000):
        data = addrs if tuple4 == "2" else addrs + struct.pack(">HH", sport, int(dport))
        if toeplitz(key, data) % 128 % int(queues) == int(q):
            print(sport)
            return
    sys.exit("no port lands on queue " + q)


def udp(host, count):
    count = int(count)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        payload = bytes(64)
        start = time.monotonic()
        for _ in range(count):
            sock.sendto(payload, (host, 9))
        print(round(count / (time.monotonic() - start)))


def udpsend(host, port, count, size):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for i in range(int(count)):
            sock.sendto(bytes([i % 256]) * int(size), (host, int(port)))
            time.sleep(0.001)


def udpserve(port, count):
    got = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("", int(port)))
        sock.settimeout(10)
        try:
            while got < int(count):
                sock.recv(1 << 16)
                got += 1
        except socket.timeout:
            pass
    print(got)


if __name__ == "__main__":
    {"serve": serve, "send": send, "rate": rate, "udp": udp, "udpsend": udpsend,
     "udpserve": udpserve, "rss_port": rss_port}[sys.argv[1]](*sys.argv[2:])
