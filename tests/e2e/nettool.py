# SPDX-License-Identifier: GPL-2.0
"""TCP helpers for the network e2e tests (busybox nc cannot be told when to stop).

  nettool.py serve PORT FILE        accept one connection, write what arrives to FILE
  nettool.py send HOST PORT FILE    connect, send FILE, close
"""
import socket
import sys


def serve(port, path):
    with socket.create_server(("", int(port))) as srv:
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


if __name__ == "__main__":
    {"serve": serve, "send": send}[sys.argv[1]](*sys.argv[2:])
