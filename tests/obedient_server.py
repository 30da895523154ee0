"""An OpenAI-compatible chat server on localhost that says one fixed reply: a model that obeys injected text.

It stands in for a real model that follows instructions hidden in an article, which no small
local model does reliably; the client, the HTTP and the streaming are the real ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _handler(reply: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            return

        def do_GET(self) -> None:
            self._send_json({"object": "list", "data": [{"id": "obedient", "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            request = json.loads(self.rfile.read(length) or b"{}")
            if request.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for piece in (reply[: len(reply) // 2], reply[len(reply) // 2 :]):
                    self._event({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
                self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                self.wfile.write(b"data: [DONE]\n\n")
                return
            message = {"role": "assistant", "content": reply}
            self._send_json({"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})

        def _event(self, payload: dict) -> None:
            chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "obedient", **payload}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())

        def _send_json(self, payload: dict) -> None:
            body = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "obedient", **payload})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

    return Handler


@contextmanager
def obedient_server(reply: str) -> Iterator[str]:
    """Serve `reply` to every chat request on a free localhost port; yield the base URL (…/v1)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(reply))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
