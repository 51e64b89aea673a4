"""Request bodies read under a size limit, and clients that go away logged as one line.

:class:`BodyLimit` is an ASGI middleware in front of the whole app. It refuses a body whose
``Content-Length`` is over the path's limit at once (413, nothing read), and counts the bytes
of every other body as they arrive, chunked or not, refusing (413) as soon as the count
passes the limit. Nothing is parsed before the whole body is in and under the limit.

A client that disconnects (while sending its body or before its answer is written) is logged
as one INFO line on the ``accord.web`` logger, never as an error with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_JSON_BYTES", "BodyLimit", "is_disconnect", "log"]

MAX_JSON_BYTES = 64 * 1024
"""Largest body of a JSON request (bytes): what-if controls and packages are small."""

log = logging.getLogger("accord.web")
"""The dashboard's logger (``accord serve`` shows its INFO lines)."""

Refusal = Callable[[Scope, int, str], Response]
"""Builds the answer to a request refused with a status and a message."""


def is_disconnect(exc: BaseException) -> bool:
    """Return whether ``exc`` (or every exception of a group) means the client went away."""
    if isinstance(exc, BaseExceptionGroup):
        return all(is_disconnect(e) for e in exc.exceptions)
    if isinstance(exc, ClientDisconnect):
        return True
    # uvicorn raises ClientDisconnected (an OSError) when writing to a closed connection
    return type(exc).__name__ == "ClientDisconnected" or isinstance(
        exc, ConnectionResetError | BrokenPipeError
    )


def _declared(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text: str = value.decode("latin-1")
            return text
    return None


class BodyLimit:
    """Refuse (413) a request body over its path's limit while reading it; log disconnects.

    Args:
        app: The application.
        limit_for: The body limit of a path (bytes).
        refuse: Builds the 413 answer (JSON for the API, a page for pages).
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int], refuse: Refusal) -> None:
        self.app = app
        self.limit_for = limit_for
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the body under the limit, then hand the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = f"{scope.get('method', '')} {scope.get('path', '')}"
        limit = self.limit_for(scope.get("path", ""))
        declared = _declared(scope)
        if declared is not None and declared.isdigit() and int(declared) > limit:
            log.info("refused %s: Content-Length %s is over the limit of %d bytes", where, declared, limit)
            await self._refuse(scope, send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                log.info("client disconnected while sending %s (%d bytes received)", where, len(body))
                return
            body.extend(message.get("body", b""))
            if len(body) > limit:
                log.info("refused %s: the body is over the limit of %d bytes", where, limit)
                await self._refuse(scope, send, limit)
                return
            if not message.get("more_body", False):
                break
        try:
            await self.app(scope, _replay(bytes(body), receive), send)
        except Exception as exc:
            if not is_disconnect(exc):
                raise
            log.info("client disconnected before the answer to %s was written", where)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        response = self.refuse(scope, 413, f"the request body is larger than {limit:,} bytes")
        response.headers["Connection"] = "close"  # the rest of the body is never read

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        try:
            await response(scope, nothing, send)
        except Exception as exc:
            if not is_disconnect(exc):
                raise
            log.info("client disconnected before its refusal was written")


def _replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[MutableMapping[str, Any]]]:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
