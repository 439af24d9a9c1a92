"""A webhook receiver on 127.0.0.1 for the cluster drill: answers 200 to every POST and appends the delivery's
Idempotency-Key and event type to a file (one line each, flushed), so repeats of one delivery can be counted."""
import http.server
import sys

port, path = int(sys.argv[1]), sys.argv[2]
out = open(path, "a", buffering=1)


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        out.write(f"{self.headers.get('Idempotency-Key')} {self.headers.get('X-Downwatch-Event')}\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
