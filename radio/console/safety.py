"""What every answer of the console carries, and what it refuses before any page sees the request.

- Bodies longer than the largest upload are refused from their declared length with 413 and a Vietnamese
  page (or JSON under /api), before a byte of them is read; a body that declares no length is counted as it
  arrives (desk.read_form).
- Security headers: no framing by another site (a one-click "Duyệt" in someone else's frame), no MIME
  sniffing, a content policy that allows this console's own scripts, styles, images and audio only, and no
  Referer leaving the station.
- Text answers say their charset, so Vietnamese never shows as mojibake.
"""
from __future__ import annotations

import html
import json

from starlette.datastructures import MutableHeaders

SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "referrer-policy": "same-origin",
}


class Safety:
    """Pure ASGI middleware around the whole console (pages and API)."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await _too_large(scope, send, self.max_body)
            return

        async def send_safely(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                kind = headers.get("content-type", "")
                if kind.startswith("text/") and "charset" not in kind:
                    headers["content-type"] = kind + "; charset=utf-8"
            await send(message)

        await self.app(scope, receive, send_safely)


async def _too_large(scope, send, limit: int) -> None:
    message = f"Nội dung gửi lên quá lớn (tối đa {limit // 1_000_000} MB): chọn tệp nhỏ hơn."
    await answer(scope, send, 413, "Quá lớn", message)


async def answer(scope, send, status: int, title: str, message: str) -> None:
    """A short answer in Vietnamese: JSON for the API, a page for people."""
    if scope.get("path", "").startswith(("/api/", "/hub/")):  # the console's API and the hub's wire
        body, kind = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"), "application/json"
    else:
        body = page(title, message).encode("utf-8")
        kind = "text/html; charset=utf-8"
    headers = [(b"content-type", kind.encode()), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")] + [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def page(title: str, message: str) -> str:
    """A page with no station data (the request never reached one): the console's look, a way back."""
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{html.escape(title)}</h1>'
            f'<p class="error" role="alert">{html.escape(message)}</p><p><a href="/">Về bảng điều khiển</a></p>'
            f'</main></body></html>')
