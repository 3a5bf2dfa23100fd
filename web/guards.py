"""Who may talk to the site: the Host it is reached by, and where a POST comes from.

- **Host.** Every request must name one of ``ALLOWED_HOSTS`` in its Host
  header (400 otherwise). A page on another site whose name is pointed at
  127.0.0.1 (DNS rebinding) reaches the server with its own name in Host, so
  it is refused before any view runs.
- **Cross-site POSTs.** A POST (the console form, ``/api/console``) is
  refused (403) when the browser says it comes from elsewhere:
  ``Sec-Fetch-Site`` other than ``same-origin``/``none``, or an ``Origin``
  that is not this site's. Clients that are not browsers send neither and
  go through.
- **Form token.** The console's HTML form also carries a token that must
  match a cookie the console page set (a double-submit token). A page on
  another site can neither read the cookie nor, with ``SameSite=Strict``,
  have it sent, so the form is protected in browsers that send neither
  header too, and it needs no JavaScript.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import BadRequest, Forbidden

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_COOKIE = "lineage_csrf"
CSRF_FIELD = "csrf_token"
# Endpoints whose POST is an HTML form and so must carry the token.
FORM_ENDPOINTS = ("console.run",)
SAME_ORIGIN_FETCH = ("same-origin", "none")


def host_name(host: str) -> str:
    """The name part of a Host header: no port, no IPv6 brackets, lower case, no final dot.

    >>> host_name("LocalHost:5000"), host_name("[::1]:80"), host_name("example.org."), host_name("127.0.0.1")
    ('localhost', '::1', 'example.org', '127.0.0.1')
    >>> host_name("::1"), host_name("fe80::1")
    ('::1', 'fe80::1')
    """
    host = host.strip()
    if host.startswith("["):
        name = host[1:].split("]", 1)[0]
    elif host.count(":") > 1:  # a bare IPv6 address (a configured name): no port
        name = host
    else:
        name, _, port = host.rpartition(":")
        if not name or not port.isdigit():
            name = host if not host.endswith(":") else host[:-1]
    return name.lower().rstrip(".")


def allowed_hosts(extra: list[str] | tuple[str, ...] = (), bound: str | None = None) -> tuple[str, ...]:
    """The names the site answers to: loopback, the address it binds (unless a wildcard), and ``extra``.

    >>> allowed_hosts(["Lineage.example.org"], bound="0.0.0.0")
    ('localhost', '127.0.0.1', '::1', 'lineage.example.org')
    >>> allowed_hosts(bound="192.168.1.5")
    ('localhost', '127.0.0.1', '::1', '192.168.1.5')
    """
    names = list(LOOPBACK_NAMES)
    if bound and bound not in ("0.0.0.0", "::", ""):
        names.append(host_name(bound))
    names += [host_name(h) for h in extra]
    return tuple(dict.fromkeys(n for n in names if n))


def check_host() -> None:
    allowed = current_app.config["ALLOWED_HOSTS"]
    name = host_name(request.host)
    if name not in allowed:
        raise BadRequest(f"this site does not answer to the host name {name[:100]!r}; "
                         f"it answers to {', '.join(allowed)} (lineage serve --allowed-host NAME adds one)")


def _name_and_port(netloc: str, scheme: str) -> tuple[str, str]:
    """(name, port) of a ``host[:port]``, the scheme's port when none is given.

    >>> _name_and_port("[::1]:8080", "http"), _name_and_port("Example.org", "https")
    (('::1', '8080'), ('example.org', '443'))
    """
    rest = netloc.split("]", 1)[1] if netloc.startswith("[") else netloc
    _, sep, port = rest.rpartition(":")
    if not sep or not port.isdigit():
        port = {"https": "443"}.get(scheme, "80")
    return host_name(netloc), port


def _origin_is_ours(origin: str) -> bool:
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False  # "null" (a sandboxed frame, a file) and anything odd
    return _name_and_port(parts.netloc, parts.scheme) == _name_and_port(request.host, request.scheme)


def check_cross_site() -> None:
    if request.method in SAFE_METHODS:
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() not in SAME_ORIGIN_FETCH:
        raise Forbidden(f"a request from another site ({fetch_site}) may not post here; "
                        f"use the console on this site")
    origin = request.headers.get("Origin")
    if origin is not None and not _origin_is_ours(origin):
        raise Forbidden(f"a request from another origin ({origin[:100]}) may not post here; "
                        f"use the console on this site")
    if request.endpoint in FORM_ENDPOINTS:
        sent = request.form.get(CSRF_FIELD, "")
        kept = request.cookies.get(CSRF_COOKIE, "")
        if not sent or not kept or not hmac.compare_digest(sent, kept):
            raise Forbidden("the form's security token is missing or out of date: reload the console page "
                            "and send the query again (this site's cookie must be allowed)")


def csrf_token() -> str:
    """The token for this browser's forms: its cookie's, or a new one (set on the response)."""
    if "csrf_token" not in g:
        kept = request.cookies.get(CSRF_COOKIE, "")
        if len(kept) >= 32 and kept.isascii():
            g.csrf_token, g.csrf_new = kept, False
        else:
            g.csrf_token, g.csrf_new = secrets.token_urlsafe(32), True
    return g.csrf_token


def set_csrf_cookie(response: Response) -> Response:
    if g.get("csrf_new"):
        response.set_cookie(CSRF_COOKIE, g.csrf_token, httponly=True, samesite="Strict",
                            secure=request.is_secure, path="/")
    return response


def init_app(app: Flask) -> None:
    app.before_request(check_host)
    app.before_request(check_cross_site)
    app.after_request(set_csrf_cookie)
    app.jinja_env.globals["csrf_token"] = csrf_token


__all__ = ["allowed_hosts", "host_name", "init_app", "csrf_token", "CSRF_COOKIE", "CSRF_FIELD", "LOOPBACK_NAMES"]
