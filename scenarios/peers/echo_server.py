"""A small TCP echo server, the kind a socket course starts with: one thread per client.

Usage: python3 echo_server.py PORT [HOST]
Prints "listening on HOST:PORT" once it accepts connections, and one line per client.
"""
import socket
import sys
import threading


def serve(conn, addr):
    with conn:
        print(f"client {addr[0]}:{addr[1]} connected", flush=True)
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
        print(f"client {addr[0]}:{addr[1]} left", flush=True)


def main():
    port = int(sys.argv[1])
    host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, port))
        server.listen()
        print(f"listening on {host}:{port}", flush=True)
        while True:
            conn, addr = server.accept()
            threading.Thread(target=serve, args=(conn, addr), daemon=True).start()


if __name__ == "__main__":
    main()
