"""A local HTTP server that answers GitHub's issue-comment endpoints the way GitHub does.

    GET   /repos/OWNER/NAME/issues/N/comments?per_page=&page=   200, a page, `Link` rel="next"/"last"
    GET   /repositories/ID/issues/N/comments?...                 the same (GitHub's `Link` URLs use this form)
    POST  /repos/OWNER/NAME/issues/N/comments                    201 and the comment
    PATCH /repos/OWNER/NAME/issues/comments/ID                   200 and the comment

A token that can write gets those; a read-only token (a fork's) reads but gets 403 "Resource not
accessible by integration" on writes; no or an unknown token gets 401 "Bad credentials"; a body over
65,536 characters gets 422 "Validation Failed". Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPOSITORY_ID = 4242
_LIST = re.compile(r"/(?:repos/(?P<repo>[^/]+/[^/]+)|repositories/(?P<id>\d+))/issues/(?P<number>\d+)/comments")
_EDIT = re.compile(r"/repos/(?P<repo>[^/]+/[^/]+)/issues/comments/(?P<id>\d+)")


@dataclass
class Request:
    method: str
    path: str
    token: str | None
    headers: dict[str, str]


@dataclass
class FakeGitHub:
    repository: str
    tokens: dict[str, str]
    """Token -> "write" or "read"."""
    url: str = ""
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """Issue number -> its comments, oldest first."""
    requests: list[Request] = field(default_factory=list)
    _next_id: int = 1000

    def add_comment(self, number: int, body: str, login: str = "someone") -> dict[str, Any]:
        self._next_id += 1
        comment = {
            "id": self._next_id,
            "node_id": f"IC_{self._next_id}",
            "url": f"{self.url}/repos/{self.repository}/issues/comments/{self._next_id}",
            "html_url": f"https://github.com/{self.repository}/pull/{number}#issuecomment-{self._next_id}",
            "body": body,
            "user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"},
        }
        self.comments.setdefault(number, []).append(comment)
        return comment

    def answer(self, method: str, target: str, token: str | None, body: bytes) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(target)
        if token not in self.tokens:
            return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, {}
        listing, edit = _LIST.fullmatch(parts.path), _EDIT.fullmatch(parts.path)
        if listing and not self._ours(listing):
            return 404, {"message": "Not Found"}, {}
        if method == "GET" and listing:
            return self._page(int(listing["number"]), parts.query)
        if method not in {"POST", "PATCH"} or not (listing or edit):
            return 404, {"message": "Not Found"}, {}
        if self.tokens[token] != "write":
            documentation = "https://docs.github.com/rest/issues/comments"
            return 403, {"message": "Resource not accessible by integration", "documentation_url": documentation}, {}
        text = json.loads(body or b"{}").get("body")
        if not isinstance(text, str) or len(text) > 65_536:
            errors = [{"resource": "IssueComment", "code": "custom", "field": "body", "message": "body is too long"}]
            return 422, {"message": "Validation Failed", "errors": errors}, {}
        if listing:
            return 201, self.add_comment(int(listing["number"]), text, "github-actions[bot]"), {}
        assert edit is not None
        found = next((c for cs in self.comments.values() for c in cs if c["id"] == int(edit["id"])), None)
        if found is None:
            return 404, {"message": "Not Found"}, {}
        found["body"] = text
        return 200, found, {}

    def _ours(self, listing: re.Match[str]) -> bool:
        return listing["repo"] == self.repository or listing["id"] == str(REPOSITORY_ID)

    def _page(self, number: int, query: str) -> tuple[int, Any, dict[str, str]]:
        asked = parse_qs(query)
        size = min(int(asked.get("per_page", ["30"])[0]), 100)
        page = int(asked.get("page", ["1"])[0])
        every = self.comments.get(number, [])
        last = max(1, -(-len(every) // size))
        headers = {}
        if page < last:
            base = f"{self.url}/repositories/{REPOSITORY_ID}/issues/{number}/comments?per_page={size}"
            headers["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page={last}>; rel="last"'
        return 200, every[(page - 1) * size : page * size], headers


@contextmanager
def github_api(repository: str, tokens: dict[str, str]) -> Iterator[FakeGitHub]:
    """The server, running in a thread for the test's duration; its address is `.url`."""
    fake = FakeGitHub(repository, tokens)

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            authorization = self.headers.get("Authorization", "")
            token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
            fake.requests.append(Request(self.command, self.path, token, dict(self.headers.items())))
            status, document, headers = fake.answer(self.command, self.path, token, body)
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the test reads `requests`
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
