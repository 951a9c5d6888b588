"""The client side of the classic mistake: it takes what its first recv() returns as the whole reply.

Usage: python3 read_once.py PORT
Connects to 127.0.0.1:PORT, sends "HELLO\n", prints "received: <what one recv() returned>".
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"HELLO\n")
        reply = conn.recv(1024)  # the bug: the reply may not all be here yet
        print("received:", reply.decode().strip(), flush=True)


if __name__ == "__main__":
    main()
