"""An echo server that answers late and keeps a child process, so that an interrupt finds a process group.

Usage: python3 slow_echo_server.py PORT MARKER
MARKER is only carried on the command line (its own and its child's), so that a test can find leftovers in /proc.
"""
import socket
import subprocess
import sys
import threading
import time


def serve(conn):
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            time.sleep(0.2)
            conn.sendall(data)


def main():
    port = int(sys.argv[1])
    marker = sys.argv[2]
    # A child of its own: stopping the peer must stop its whole group, not only this process.
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", marker])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        print(f"listening on 127.0.0.1:{port}", flush=True)
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
