#!/usr/bin/python3
"""A loopback HTTP server for nativepkg's tests, with faults on demand.

Serves --root. The first path component picks the behaviour:
  /files/NAME          the file
  /wrong/NAME          the right length, wrong bytes
  /drop/NAME           half of the file, then the connection closes
  /stall/NAME          1 KiB, then nothing until the client gives up
  /status/CODE/NAME    that HTTP status
  /flaky/N/NAME        503 for the first N requests of this path, then the file
  /loop/K              a redirect to /loop/K+1, forever
  /tofile/NAME         a redirect to file:///etc/passwd
  /huge/NAME           Content-Length of 10 GiB
  /auth/NAME           401 unless the request has credentials
  /hold/NAME           half of the file, then waits until --root holds NAME.go (a barrier the
                       test controls), then the rest
Every request's path is appended to --log, and its Authorization header after it when it has one. The port is written to --port-file once listening.
With --tls-cert and --tls-key, the same paths are also served over HTTPS on a second port,
written to --tls-port-file.
"""
import argparse
import http.server
import os
import socketserver
import ssl
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counts = {}
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def record(self):
        with self.lock:
            with open(self.server.log, "a") as log:
                log.write(self.path + "\n")
                if "Authorization" in self.headers:
                    log.write("authorization: %s\n" % self.headers["Authorization"])
            self.counts[self.path] = self.counts.get(self.path, 0) + 1
            return self.counts[self.path]

    def body(self, name):
        path = os.path.join(self.server.root, name)
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def status_only(self, code, headers=()):
        self.send_response(code)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        count = self.record()
        parts = self.path.lstrip("/").split("/")
        mode, rest = parts[0], parts[1:]
        if mode == "loop":
            k = int(rest[0]) if rest else 0
            return self.status_only(302, [("Location", "/loop/%d" % (k + 1))])
        if mode == "tofile":
            return self.status_only(302, [("Location", "file:///etc/passwd")])
        if mode == "status":
            return self.status_only(int(rest[0]))
        if mode == "flaky":
            if count <= int(rest[0]):
                return self.status_only(503)
            rest = rest[1:]
        if mode == "auth" and self.headers.get("Authorization") is None:
            return self.status_only(401)
        if mode == "huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10 << 30))
            self.end_headers()
            try:
                for _ in range(1024):
                    self.wfile.write(b"\0" * 65536)
            except OSError:
                pass
            return
        data = self.body("/".join(rest))
        if data is None:
            return self.status_only(404)
        if mode == "wrong":
            data = bytes(b ^ 0x5A for b in data)
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            if mode == "drop":
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if mode == "hold":
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                go = os.path.join(self.server.root, "/".join(rest) + ".go")
                while not os.path.exists(go):
                    time.sleep(0.05)
                self.wfile.write(data[len(data) // 2 :])
                return
            if mode == "stall":
                self.wfile.write(data[:1024])
                self.wfile.flush()
                time.sleep(3600)
                return
            self.wfile.write(data)
        except OSError:
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that hangs up (a download it had to abandon) is no error of the server's.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def publish(path, port):
    with open(path + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(path + ".tmp", path)


def make_server(args):
    server = Server(("127.0.0.1", 0), Handler)
    server.root = args.root
    server.log = args.log
    return server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--tls-port-file")
    args = ap.parse_args()
    open(args.log, "a").close()
    if args.tls_cert:
        tls = make_server(args)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        tls.socket = context.wrap_socket(tls.socket, server_side=True)
        threading.Thread(target=tls.serve_forever, daemon=True).start()
        publish(args.tls_port_file, tls.server_address[1])
    server = make_server(args)
    publish(args.port_file, server.server_address[1])
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
