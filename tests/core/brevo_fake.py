"""A local stand-in for Brevo's transactional SMS API, on a port the system picks.

It answers what brevo-python sends (POST /v3/transactionalSMS/send, the key in an
`api-key` header, a JSON body) the way Brevo does: 201 with a `messageId`, or an error
status with Brevo's `{"code": ..., "message": ...}` body. Tests script the rest.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "xkeysib-tests-only"
RECIPIENT = re.compile(r"\+?[0-9]{6,15}")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict


@dataclass
class FakeBrevo:
    """What it was sent, and what it will answer next."""

    received: list[Received] = field(default_factory=list)
    # Numbers Brevo knows cannot take an SMS: it refuses them with a 400.
    unknown_numbers: set[str] = field(default_factory=set)
    # Answers to give, in order, before the usual ones: (status, body).
    answers: list[tuple[int, object]] = field(default_factory=list)
    # While set, a request is held unanswered until the test ends (a provider that hangs).
    hanging: bool = False
    released: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    next_id: int = 1511882900176220

    def answer(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, object]:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return 400, {"code": "bad_request", "message": "Malformed JSON"}
        self.received.append(Received(path, headers, body))
        if path != "/v3/transactionalSMS/send":
            return 404, {"code": "not_found", "message": "Invalid route"}
        if headers.get("api-key") != API_KEY:
            return 401, {"code": "unauthorized", "message": "Key not found"}
        if self.hanging:
            self.released.wait(timeout=60)
        if self.answers:
            return self.answers.pop(0)
        for name in ("sender", "recipient", "content"):
            if not body.get(name):
                return 400, {"code": "missing_parameter", "message": f"{name} is missing"}
        if not RECIPIENT.fullmatch(str(body["recipient"])):
            return 400, {"code": "invalid_parameter", "message": "Invalid recipient number"}
        if body["recipient"] in self.unknown_numbers:
            return 400, {
                "code": "invalid_parameter",
                "message": "The recipient's mobile number is invalid or cannot receive SMS",
            }
        self.next_id += 1
        return 201, {"messageId": self.next_id}


def serve(fake: FakeBrevo) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {key.lower(): value for key, value in self.headers.items()}
            status, body = fake.answer(self.path, headers, raw)
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            kind = "text/html" if isinstance(body, str) else "application/json"
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v3"
    # Polls often, so shutting it down at the end of a test takes no noticeable time.
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    return server
