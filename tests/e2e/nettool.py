# SPDX-License-Identifier: GPL-2.0
"""TCP helpers for the network e2e tests (busybox nc cannot be told when to stop).

  nettool.py serve PORT FILE        accept one connection, write what arrives to FILE
  nettool.py send HOST PORT FILE    connect, send FILE, close
  nettool.py udp HOST COUNT         send COUNT 64-byte datagrams, print packets/s
  nettool.py udpsend HOST PORT COUNT SIZE   COUNT datagrams of SIZE bytes, 1 ms apart
  nettool.py udpserve PORT COUNT    wait (10 s at most) for COUNT datagrams, print how many came
Servers listen on IPv4 and IPv6.
"""
import socket
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


def send(host, port, path):
    with socket.create_connection((host, int(port)), timeout=120) as conn, \
            open(path, "rb") as src:
        conn.sendfile(src)


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
    {"serve": serve, "send": send, "udp": udp, "udpsend": udpsend,
     "udpserve": udpserve}[sys.argv[1]](*sys.argv[2:])
