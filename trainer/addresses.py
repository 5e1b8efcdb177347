"""The app's one public base address: what a QR code on a slip, a join link or any printed address points at.

Public API: `public_url(port=None, base_path="") -> str` (no trailing slash), `lan_address() -> str | None`,
`page_url(url_path, params=None, *, port=None, base_path="") -> str`.

`TRAINER_PUBLIC_URL` wins when set (a workshop behind a proxy or with a fixed name: `http://192.168.1.20:8501`).
Otherwise the laptop's address on the local network, detected once per process, with the port the app is served
on: a phone in the hall opens it. Never `localhost` when a network address exists; with no network at all the
loopback address is all there is (no other device can reach the laptop then), and `trainer run` says so.
No Streamlit here: pages pass the port and base path they are served on (`trainer.ui.widgets.public_url()`).
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import quote, urlencode

from trainer.settings import get_settings

DEFAULT_PORT = 8501  # Streamlit's default, what `trainer run` serves on without --port
LOOPBACK = "127.0.0.1"
# A private address to "connect" a UDP socket to: no packet is sent, the kernel only picks the outgoing interface.
_PROBE = ("10.254.254.254", 1)


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def _route_address() -> str | None:
    """The address of the interface a packet to the local network would leave by (nothing is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = probe.getsockname()[0]
    except OSError:
        return None
    return address if _usable(address) else None


def _host_addresses() -> list[str]:
    try:
        _, _, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return []
    return [a for a in addresses if _usable(a)]


@lru_cache(maxsize=1)
def lan_address() -> str | None:
    """The laptop's IPv4 address on the local network, detected once per process; None without a network."""
    found = _route_address()
    if found:
        return found
    candidates = _host_addresses()
    private = [a for a in candidates if ipaddress.ip_address(a).is_private]
    return (private or candidates or [None])[0]


def public_url(port: int | None = None, base_path: str = "") -> str:
    """The base address other devices open (scheme, host, port, base path; no trailing slash)."""
    configured = (get_settings().public_url or "").strip()
    if configured:
        return configured.rstrip("/")
    host = lan_address() or LOOPBACK
    path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"http://{host}:{port or DEFAULT_PORT}{path}"


def page_url(url_path: str, params: dict[str, str] | None = None, *, port: int | None = None,
             base_path: str = "") -> str:
    """The public address of one page of the app (`url_path` as in trainer.ui.nav) with its query parameters."""
    url = f"{public_url(port, base_path)}/{quote(url_path.strip('/'))}"
    wanted = {k: v for k, v in (params or {}).items() if v}
    return f"{url}?{urlencode(wanted)}" if wanted else url
