"""A Label Studio SDK client from the environment, with failures as one clear line.

The settings come from ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY``, the names Label
Studio's own tools use. :func:`connect` builds the SDK 2.x client and asks the server who
we are, so that a server that is down, a URL that is not Label Studio and a wrong token
each fail at once with a line that says what to do. :func:`api_errors` does the same
translation for every later call. No message ever contains the token.

>>> str(explain(ConnectionRefusedError("refused"), url="http://127.0.0.1:1", action="x"))
'cannot reach Label Studio at http://127.0.0.1:1 while x: is the server running? (start one with: kroniek labelstudio serve)'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import os
from typing import Any, Iterator, Mapping

from ..errors import KroniekError

URL_VARIABLE = "LABEL_STUDIO_URL"
KEY_VARIABLE = "LABEL_STUDIO_API_KEY"
DEFAULT_TIMEOUT = 30.0


def settings(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """``(url, api_key)`` from the environment; a missing one is a clear error."""
    environ = os.environ if environ is None else environ
    url = (environ.get(URL_VARIABLE) or "").strip().rstrip("/")
    key = (environ.get(KEY_VARIABLE) or "").strip()
    missing = [name for name, value in ((URL_VARIABLE, url), (KEY_VARIABLE, key)) if not value]
    if missing:
        raise KroniekError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
                           "set: start a server with 'kroniek labelstudio serve' and run the two "
                           "export lines it prints (or set them for your own server)")
    if not url.startswith(("http://", "https://")):
        raise KroniekError(f"{URL_VARIABLE}={url!r} is not a URL: write it as http://HOST:PORT")
    check_url(url)
    check_key(key)
    return url, key


def check_url(url: str) -> None:
    """A clear error for a URL that cannot be used (``http://[::1``, a bad port)."""
    import httpx

    try:
        parsed = httpx.URL(url)
        bad = not parsed.host
    except (httpx.InvalidURL, ValueError, TypeError):
        bad = True
    if bad:
        raise KroniekError(f"{URL_VARIABLE}={url!r} is not a usable URL: write it as "
                           "http://HOST:PORT (an IPv6 address as http://[::1]:8080)")


def check_key(key: str) -> None:
    """A clear error for a token that cannot go into an HTTP header; the message says
    where the bad character is, never the token."""
    for position, char in enumerate(key, 1):
        if not char.isascii() or not char.isprintable() or char.isspace():
            kind = ("a line break" if char in "\r\n" else "white space" if char.isspace()
                    else "a control character" if char.isascii() else "a non-ASCII character")
            raise KroniekError(f"{KEY_VARIABLE} holds {kind} at position {position}: an "
                               "access token is plain letters and digits; copy it again from "
                               "Account & Settings (or the export line of 'kroniek labelstudio "
                               "serve')")


def _detail(body: Any) -> str:
    """The server's short reason from an error body, if it gave one."""
    if isinstance(body, dict):
        for key in ("detail", "error", "message", "validation_errors"):
            if body.get(key):
                value = body[key]
                return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return json.dumps(body, ensure_ascii=False)[:200]
    if isinstance(body, str):
        text = " ".join(body.split())
        return text[:200] if not text.lstrip().startswith("<") else ""
    return ""


def explain(error: BaseException, *, url: str, action: str,
            timeout: float = DEFAULT_TIMEOUT) -> KroniekError:
    """The one-line :class:`KroniekError` for an exception raised while talking to ``url``."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    where = f"Label Studio at {url}"
    if isinstance(error, httpx.TimeoutException):
        return KroniekError(f"{where} did not answer within {timeout:g} s while {action}: is it "
                            "overloaded or stuck? Try again, or restart the server")
    if isinstance(error, (httpx.ConnectError, ConnectionRefusedError)):
        return KroniekError(f"cannot reach {where} while {action}: is the server running? "
                            "(start one with: kroniek labelstudio serve)")
    if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return KroniekError(f"{URL_VARIABLE}={url!r} is not a usable URL: write it as "
                            "http://HOST:PORT")
    if isinstance(error, ApiError):
        status, detail = error.status_code, _detail(error.body)
        reason = f" ({detail})" if detail else ""
        if status == 401:
            return KroniekError(f"{where} refused the token in {KEY_VARIABLE}{reason}: copy the "
                                "access token from the user menu, Account & Settings (for "
                                "'kroniek labelstudio serve': the export line it prints)")
        if status == 403:
            return KroniekError(f"{where}: the user of {KEY_VARIABLE} may not do this "
                                f"({action}){reason}; use an administrator's token")
        if status == 404:
            return KroniekError(f"{where} answered 404 Not Found while {action}: is {url} the "
                                "server's root URL, and does the project still exist?")
        if status is None:
            return KroniekError(f"{where}: {detail or 'the client could not start'} while {action}")
        return KroniekError(f"{where} answered HTTP {status} while {action}{reason}")
    if isinstance(error, httpx.HTTPError):
        return KroniekError(f"cannot talk to {where} while {action}: {type(error).__name__}: {error}")
    if isinstance(error, json.JSONDecodeError):
        return KroniekError(f"{where} sent something that is not JSON while {action}: is {url} "
                            "a Label Studio server?")
    raise error


@contextlib.contextmanager
def api_errors(url: str, action: str, *, timeout: float = DEFAULT_TIMEOUT,
               secret: str | None = None) -> Iterator[None]:
    """Turn network and API failures inside the block into one clear :class:`KroniekError`
    (one line, and without ``secret``, the token, even if the server echoed it)."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except (httpx.HTTPError, ApiError, ConnectionError, json.JSONDecodeError) as error:
        line = " ".join(str(explain(error, url=url, action=action, timeout=timeout)).split())
        if secret:
            line = line.replace(secret, "(the token)")
        raise KroniekError(line) from None


class Client:
    """An SDK client bound to one server, remembering its URL for error messages.

    ``sdk`` is the SDK's generated client (``LabelStudioBase``, what
    :class:`label_studio_sdk.LabelStudio` extends); use
    ``with client.errors("doing X"):`` around calls to it. ``server_time`` is the
    server's clock as of its last answer (its ``Date`` header), or ``None``.
    """

    def __init__(self, url: str, api_key: str, *, timeout: float = DEFAULT_TIMEOUT):
        try:   # the base client: the SDK's extensions (label interface, converters) are not
            # needed, and leaving them out saves 2 s of start-up on every push and pull
            from label_studio_sdk.base_client import LabelStudioBase as LabelStudio
        except ImportError:
            raise KroniekError("the Label Studio workflow needs label-studio-sdk, which "
                               "'pip install kroniek' leaves out: pip install "
                               "'kroniek[labelstudio]'") from None

        import httpx

        self.url = url.rstrip("/")
        self.timeout = timeout
        self._key = api_key
        self.server_time: dt.datetime | None = None
        http = httpx.Client(timeout=timeout, follow_redirects=True,
                            event_hooks={"response": [self._note_time]})
        self.sdk = LabelStudio(base_url=self.url, api_key=api_key, timeout=timeout, max_retries=0,
                               httpx_client=http)

    def _note_time(self, response: Any) -> None:
        """Remember the server's clock from the ``Date`` header of each answer (whole
        seconds, rounded down): :func:`.seen.refresh` asks next time for what changed
        since a moment the server had certainly reached before its listing began."""
        value = response.headers.get("date")
        if not value:
            return
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            when = email.utils.parsedate_to_datetime(value)
            if when.tzinfo is not None:
                self.server_time = when

    def errors(self, action: str):
        return api_errors(self.url, action, timeout=self.timeout, secret=self._key)

    def __repr__(self) -> str:  # never show the token
        return f"Client({self.url!r})"


def connect(url: str | None = None, api_key: str | None = None, *,
            timeout: float = DEFAULT_TIMEOUT) -> Client:
    """A checked client: the server answers and accepts the token, or a clear error.

    ``url`` and ``api_key`` default to ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY``.
    """
    if url is None or api_key is None:
        env_url, env_key = settings()
        url, api_key = url or env_url, api_key or env_key
    check_url(url)
    check_key(api_key)
    try:
        client = Client(url, api_key, timeout=timeout)
    except Exception as error:  # noqa: BLE001 (the SDK's own checks, worded without the key)
        raise KroniekError(f"cannot set up a Label Studio client for {url}: "
                           f"{type(error).__name__}") from None
    with client.errors("connecting"):
        client.sdk.users.whoami()
    return client
