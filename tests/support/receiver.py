"""A webhook receiver on loopback for the tests: records what it got (and whether the signature
verified with the Standard Webhooks reference implementation), and answers as told."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: bool
    payload: dict | None


@dataclass
class Receiver:
    """``answers``: what to answer, in order ("ok", "fail", "hang", "redirect:<url>"); the last one
    repeats."""

    answers: list[str] = field(default_factory=lambda: ["ok"])
    secret: str | None = None
    got: list[Received] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def start(self) -> int:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified, payload = False, None
                if receiver.secret:
                    try:
                        payload = Webhook(receiver.secret).verify(body, headers)
                        verified = True
                    except Exception:
                        verified = False
                receiver.got.append(Received(self.path, headers, body, verified, payload))
                answer = receiver.answers[min(len(receiver.got) - 1, len(receiver.answers) - 1)]
                if answer == "hang":
                    receiver.released.wait(30)
                    return
                if answer.startswith("redirect:"):
                    self.send_response(302)
                    self.send_header("Location", answer.split(":", 1)[1])
                    self.end_headers()
                    return
                self.send_response(200 if answer == "ok" else 500)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.server_address[1]

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.got) < count:
            assert time.monotonic() < deadline, f"{len(self.got)} of {count} deliveries arrived within {timeout} s"
            time.sleep(0.05)
        return self.got
