"""A client program under test, the kind a socket course asks for: connect to a server, read its
greeting, introduce itself with HELO, print the server's answer, and quit politely.

Usage: python3 helo_client.py PORT [NAME]
"""
import socket
import sys

port = int(sys.argv[1])
name = sys.argv[2] if len(sys.argv) > 2 else "tester"
with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
    reader = s.makefile("rb")
    greeting = reader.readline().decode().strip()
    print(f"server greeted: {greeting}")
    s.sendall(f"HELO {name}\r\n".encode())
    answer = reader.readline().decode().strip()
    print(f"server said: {answer}")
    s.sendall(b"QUIT\r\n")
