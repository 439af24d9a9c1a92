"""Sends JSON reports to 127.0.0.1 from several threads, each with a unique note and User-Agent, and appends the note
of every report the server acknowledged as stored to a file (flushed per line), until killed or the count is reached."""
import http.client
import json
import sys
import threading

port, acked_path, threads, per_thread = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lock = threading.Lock()
out = open(acked_path, "a", buffering=1)


def flood(t):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for i in range(per_thread):
        note = f"dur-{t}-{i}"
        body = json.dumps({"category": "slow", "note": note})
        try:
            conn.request("POST", "/api/status/openai/reports", body,
                         {"Content-Type": "application/json", "User-Agent": f"durability/{note}",
                          # each report from a network of its own (the server trusts X-Forwarded-For from 127.0.0.1 here)
                          "X-Forwarded-For": f"{10 + t}.{(i >> 8) & 255}.{i & 255}.1"})
            answer = conn.getresponse()
            text = answer.read()
        except OSError:
            return  # the server is gone
        if answer.status == 200 and b'"stored"' in text:
            with lock:
                out.write(note + "\n")


workers = [threading.Thread(target=flood, args=(t,)) for t in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
