"""A small TCP client, the kind a socket course asks for: connect, send a line, print the reply.

Usage: python3 echo_client.py PORT [MESSAGE]
"""
import socket
import sys

port = int(sys.argv[1])
message = sys.argv[2] if len(sys.argv) > 2 else "Hello"
with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
    s.sendall((message + "\n").encode())
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = s.recv(1024)
        if not chunk:
            break
        reply += chunk
    print(f"received: {reply.decode().strip()}")
