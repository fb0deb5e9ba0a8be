"""One comment per pull request, updated in place: GitHub's REST API through the standard library.

The comment is found again by a hidden marker at the start of its body: the pull request's
comments are listed page by page (following the `Link: <...>; rel="next"` header), the first one
starting with the marker is edited (PATCH), and when there is none a comment is created (POST).
GitHub refuses a body over 65,536 characters, so a longer one is cut at a line and ends with a
line that says where the whole report is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

MARKER = "<!-- tracker:pr-comment -->"
COMMENT_LIMIT = 65_536
"""GitHub's limit on a comment's body, in characters."""
_TIMEOUT_SECONDS = 30
_MAX_PAGES = 100
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class CommentError(Exception):
    """The comment could not be written; the message says why and what would allow it."""


@dataclass(frozen=True)
class PullRequest:
    api_url: str
    """GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise server's."""
    repository: str
    """OWNER/NAME."""
    number: int
    token: str


@dataclass(frozen=True)
class Written:
    url: str
    """The comment's address on GitHub (html_url)."""
    created: bool
    """True for a new comment, False when the previous one was edited."""


def upsert_comment(pull: PullRequest, body: str, *, whole_report: str) -> Written:
    """Write BODY (fitted to GitHub's limit; WHOLE_REPORT says where the rest is) as the pull request's
    comment: the one carrying the marker, edited, or a new one."""
    if not pull.api_url.startswith(("https://", "http://")):
        raise CommentError(f"GITHUB_API_URL {pull.api_url!r} is not an http(s) address")
    text = fit_comment(f"{MARKER}\n{body}", whole_report)
    previous = _find_marked(pull)
    if previous is None:
        created = _call(pull, "POST", f"/repos/{pull.repository}/issues/{pull.number}/comments", {"body": text})
        return Written(str(created[0].get("html_url", "")), created=True)
    edited = _call(pull, "PATCH", f"/repos/{pull.repository}/issues/comments/{previous}", {"body": text})
    return Written(str(edited[0].get("html_url", "")), created=False)


def fit_comment(text: str, whole_report: str, limit: int = COMMENT_LIMIT) -> str:
    """TEXT when it fits in LIMIT characters; else its first lines and a last one that points to WHOLE_REPORT."""
    if len(text) <= limit:
        return text
    ending = f"\n\n… cut to fit GitHub's limit on a comment's length: the whole report is in {whole_report}.\n"
    kept = text[: limit - len(ending)]
    kept = kept[: kept.rfind("\n")] if "\n" in kept else kept
    return kept + ending


def _find_marked(pull: PullRequest) -> int | None:
    """The id of the first comment whose body starts with the marker (a quote of it does not)."""
    url: str | None = f"{pull.api_url.rstrip('/')}/repos/{pull.repository}/issues/{pull.number}/comments?per_page=100"
    for _ in range(_MAX_PAGES):
        if url is None:
            return None
        comments, link = _call(pull, "GET", url)
        for comment in comments if isinstance(comments, list) else []:
            if str(comment.get("body") or "").startswith(MARKER):
                return int(comment["id"])
        found = _NEXT.search(link or "")
        # The token goes along with every call: follow pages on the API's own server only.
        url = found[1] if found and found[1].startswith(pull.api_url.rstrip("/") + "/") else None
    return None


def _call(pull: PullRequest, method: str, path: str, payload: dict[str, str] | None = None) -> tuple[Any, str | None]:
    """The decoded JSON answer and its Link header; CommentError for anything but success."""
    url = path if path.startswith(("http://", "https://")) else f"{pull.api_url.rstrip('/')}{path}"
    request = Request(
        url,
        method=method,
        data=None if payload is None else json.dumps(payload).encode("utf-8"),
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {pull.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "tracker",
            **({"Content-Type": "application/json"} if payload is not None else {}),
        },
    )
    try:
        with urlopen(request, timeout=_TIMEOUT_SECONDS) as answer:
            return json.loads(answer.read() or b"null"), answer.headers.get("Link")
    except HTTPError as error:
        raise CommentError(_refusal(method, url, error)) from None
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CommentError(f"{method} {url}: GitHub did not answer ({reason})") from None
    except json.JSONDecodeError as error:
        raise CommentError(f"{method} {url}: the answer is not JSON ({error.msg})") from None


def _refusal(method: str, url: str, error: HTTPError) -> str:
    try:
        message = json.loads(error.read() or b"{}").get("message", "")
    except (json.JSONDecodeError, AttributeError, OSError):
        message = ""
    said = f"GitHub answered {method} {url} with {error.code} {message or error.reason}"
    if error.code in {401, 403, 404}:
        return (
            f"{said}: the token cannot write to the pull request; give the job "
            "`permissions: pull-requests: write` (a fork's pull request never gets it)"
        )
    return said
