"""The classic mistake: an echo server that assumes one recv() is one message. It sends back what
its first recv() returned and closes. On a quiet loopback that is often the whole message; when the
message arrives in pieces, as it may on any real network, the client gets only the first piece.

Usage: python3 echo_once.py PORT
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        print(f"listening on 127.0.0.1:{port}", flush=True)
        while True:
            conn, _ = server.accept()
            with conn:
                data = conn.recv(1024)  # the bug: the message may not all be here yet
                print(f"received {data!r}", flush=True)
                conn.sendall(data)


if __name__ == "__main__":
    main()
