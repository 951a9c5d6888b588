"""A client that reads a line-based reply the right way: recv() until the newline arrives.

Usage: python3 read_line.py PORT
Connects to 127.0.0.1:PORT, sends "HELLO\n", prints "received: <the reply line>".
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"HELLO\n")
        reply = b""
        while not reply.endswith(b"\n"):
            data = conn.recv(1024)
            if not data:
                break
            reply += data
        print("received:", reply.decode().strip(), flush=True)


if __name__ == "__main__":
    main()
