"""A small client of Streamlit's agent API (`POST /_stcore/agent/interact`): one session per participant.

The protocol (Streamlit 1.67, `GET /_stcore/agent/openapi.json` on a running server): a request without
`session_id` creates a session and runs the app; later requests carry `session_id` and either `widget_state`
(keys → JSON values) with at most one `trigger` (a button's key), or a navigation (`page`, `query_params`). The
answer is a snapshot: `tree` (the page as elements, each with its `key`, `props` and `value`) and `actions` (what may
be set or fired now). A run that outlasts `server.agentWaitTimeout` answers 202 `wait_timed_out`; sending only the
`session_id` collects it. A server holding `server.agentMaxSessions` sessions answers 429 `too_many_sessions`.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

INTERACT = "/_stcore/agent/interact"
OPENAPI = "/_stcore/agent/openapi.json"
HTTP_TIMEOUT = 180.0  # seconds; above the server's agentWaitTimeout (30 s), so the server answers first


class AgentError(Exception):
    """The server refused a request (an `Error` body) or the connection failed."""

    def __init__(self, code: str, message: str, status: int = 0) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


@dataclass
class Timing:
    """One interaction as the participant saw it: from sending to the settled snapshot."""

    started: float
    seconds: float
    timed_out: int = 0  # how many `wait_timed_out` answers came before the result


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of a snapshot's tree, depth first."""
    yield node
    for child in node.get("children", ()):
        yield from walk(child)


@dataclass
class Snapshot:
    """The settled page: its tree, actions and status."""

    body: dict[str, Any]

    @property
    def status(self) -> str:
        return str(self.body.get("status"))

    @property
    def page(self) -> str:
        return str((self.body.get("page") or {}).get("url_path", ""))

    @property
    def actions(self) -> dict[str, dict[str, Any]]:
        return {a["key"]: a for a in self.body.get("actions", ())}

    def nodes(self) -> Iterator[dict[str, Any]]:
        return walk(self.body.get("tree") or {})

    def node(self, key: str) -> dict[str, Any] | None:
        return next((n for n in self.nodes() if n.get("key") == key), None)

    def keys(self) -> set[str]:
        return {n["key"] for n in self.nodes() if "key" in n}

    def text(self) -> str:
        """Everything the page shows, as JSON text (for capturing a value the page printed)."""
        return json.dumps(self.body.get("tree") or {}, ensure_ascii=False)

    def errors(self) -> list[str]:
        """Error boxes (st.error) and exceptions on the page."""
        found = []
        for n in self.nodes():
            if n.get("type") in ("error", "exception"):
                props = n.get("props", {})
                found.append(str(props.get("body") or props.get("message") or props))
        return found


@dataclass
class Client:
    """One participant's connection and session."""

    host: str
    port: int
    session_id: str | None = None
    timings: list[Timing] = field(default_factory=list)
    _conn: http.client.HTTPConnection | None = None

    def _post(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            return self._send(body)
        except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
            self.close()
            if self.session_id is None:  # a creating call is never sent twice (it would make another session)
                raise AgentError("connection_failed", str(error)) from error
        try:  # the protocol: after a request that failed without an answer, send only the session id
            return self._send({"session_id": self.session_id})
        except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
            self.close()
            raise AgentError("connection_failed", str(error)) from error

    def _send(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        # A new connection per request: on a kept-alive one the server's response, written in two parts, waits for
        # the client's delayed ACK (Nagle), which added 30-40 ms to every interaction of the bare app.
        conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)
        self._conn = conn
        try:
            conn.request("POST", INTERACT, json.dumps(body).encode(), {"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            return response.status, json.loads(data) if data else {}
        finally:
            self.close()

    def interact(self, **request: Any) -> Snapshot:
        """Send one interaction, wait for its settled snapshot (collecting after `wait_timed_out`), time it."""
        body = {k: v for k, v in request.items() if v is not None}
        if self.session_id is not None:
            body["session_id"] = self.session_id
        started = time.perf_counter()
        timed_out = 0
        status, answer = self._post(body)
        while status == 202:  # wait_timed_out: the run goes on; send only the session id to collect it
            timed_out += 1
            self.session_id = answer.get("session_id", self.session_id)
            status, answer = self._post({"session_id": self.session_id})
        self.timings.append(Timing(started, time.perf_counter() - started, timed_out))
        if status != 200:
            error = answer.get("error", {})
            raise AgentError(str(error.get("code", f"http_{status}")), str(error.get("message", answer)), status)
        self.session_id = answer["session_id"]
        return Snapshot(answer)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def get_json(host: str, port: int, path: str, timeout: float = 5.0) -> tuple[int, Any]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data.decode(errors="replace")
    finally:
        conn.close()
