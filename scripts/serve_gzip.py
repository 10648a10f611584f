"""Serve a folder on 127.0.0.1 with gzip, as a static host (GitHub Pages) would: for Lighthouse."""

from __future__ import annotations

import functools
import gzip
import http.server
import sys

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", "/")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):  # noqa: ANN201 - stdlib signature
        path = self.translate_path(self.path)
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants or not self.path.split("?")[0].endswith(COMPRESSIBLE):
            return super().send_head()
        if path.endswith("/"):
            path += "index.html"
        try:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read())
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


if __name__ == "__main__":
    port, folder = int(sys.argv[1]), sys.argv[2]
    handler = functools.partial(GzipHandler, directory=folder)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
