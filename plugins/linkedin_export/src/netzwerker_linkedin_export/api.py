"""The Member Data Portability API (EU/EEA/CH members): snapshot domains as tables.

``GET /rest/memberSnapshotData?q=criteria&domain=D&start=N`` returns rows keyed
by the export's CSV column names, so each domain becomes a :class:`Table` and
goes through the same mapping as the files. Pages are spooled to a temporary
JSON-lines file (the reader makes two passes over messages; holding an inbox in
memory is not an option, fetching it twice would double the requests).

The token comes from ``NETZWERKER_LINKEDIN_TOKEN`` or the OS keyring; it is sent
in the Authorization header only, never stored, logged or put in a message.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from netzwerker.errors import NetzwerkerError
from netzwerker.importers import ImportContext
from netzwerker.textfiles import CsvRow, header_key

from .tables import Kind, RowSource, Table

BASE_URL = "https://api.linkedin.com/rest"
API_VERSION = "202312"  # the only value the DMA endpoints accept
TOKEN_ENV = "NETZWERKER_LINKEDIN_TOKEN"
KEYRING_SERVICE = "netzwerker"
KEYRING_USER = "linkedin"

#: Snapshot domains holding relationships, in the order they are fetched, and their table kinds.
DOMAINS: dict[str, Kind] = {
    "PROFILE": "profile",
    "POSITIONS": "positions",
    "CONNECTIONS": "connections",
    "INVITATIONS": "invitations",
    "ENDORSEMENTS": "endorsements",
    "RECOMMENDATIONS": "recommendations",
    "INBOX": "messages",
}

TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
MAX_ATTEMPTS = 5
MAX_BACKOFF = 60.0
MAX_PAGES = 10_000
MAX_ROWS = 2_000_000


def load_token() -> str:
    """The access token from the environment, else the keyring (if installed)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    try:
        import keyring
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            token = (keyring.get_password(KEYRING_SERVICE, KEYRING_USER) or "").strip()
        except Exception:  # keyring backends raise their own types; a broken keyring is "no token"
            token = ""
        if token:
            return token
    raise NetzwerkerError(
        f"no LinkedIn access token: set {TOKEN_ENV} or store it with "
        f"`keyring set {KEYRING_SERVICE} {KEYRING_USER}` (scope r_dma_portability_self_serve)"
    )


class PortabilityClient:
    """A small client for the snapshot endpoint: timeouts, bounded retries, pagination."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = BASE_URL,
        sleep: Callable[[float], None] | None = None,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        import requests

        self._session = requests.Session()
        self._session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "LinkedIn-Version": API_VERSION,
                "X-Restli-Protocol-Version": "2.0.0",
                "Accept": "application/json",
            }
        )
        self._base_url = base_url.rstrip("/")
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))
        self._max_attempts = max_attempts

    def snapshot_rows(self, domain: str) -> Iterator[dict[str, Any]]:
        """Every row of one domain, page by page until LinkedIn says there is no more data.

        ``paging.total`` and the links are not reliable (LinkedIn's docs say so): the
        documented end is a 404 "No data found" (or a page without rows).
        """
        rows = 0
        for start in range(MAX_PAGES):
            page = self._get("memberSnapshotData", {"q": "criteria", "domain": domain, "start": start})
            if page is None:
                return
            elements = page.get("elements") or []
            if isinstance(elements, dict):  # the docs' own sample shows ``"elements": {}``
                elements = []
            page_rows = [row for element in elements for row in (element.get("snapshotData") or [])]
            if not page_rows:
                return
            for row in page_rows:
                if isinstance(row, dict):
                    rows += 1
                    if rows > MAX_ROWS:
                        raise NetzwerkerError(f"LinkedIn API: more than {MAX_ROWS} rows in {domain}; stopping")
                    yield row
        raise NetzwerkerError(f"LinkedIn API: more than {MAX_PAGES} pages in {domain}; stopping")

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any] | None:
        import requests

        url = f"{self._base_url}/{path}"
        for attempt in range(1, self._max_attempts + 1):
            try:
                response = self._session.get(url, params=params, timeout=TIMEOUT)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt == self._max_attempts:
                    raise NetzwerkerError(f"LinkedIn API unreachable ({type(exc).__name__}); try again later") from None
                self._sleep(_backoff(attempt, None))
                continue
            status = response.status_code
            if status == 200:
                try:
                    body = response.json()
                except ValueError:
                    raise NetzwerkerError("LinkedIn API answered with something that is not JSON") from None
                return body if isinstance(body, dict) else None
            if status == 404:
                return None  # "No data found for this memberId": the end of the pages, or an empty domain
            if status == 429 or status >= 500:
                if attempt == self._max_attempts:
                    raise NetzwerkerError(f"LinkedIn API kept failing (HTTP {status}) after {attempt} attempts")
                self._sleep(_backoff(attempt, response.headers.get("Retry-After")))
                continue
            raise NetzwerkerError(_explain(status, params.get("domain"), _message(response)))
        raise AssertionError("unreachable")


def _backoff(attempt: int, retry_after: str | None) -> float:
    if retry_after:
        try:
            return min(MAX_BACKOFF, max(0.0, float(retry_after)))
        except ValueError:
            pass
    return float(min(MAX_BACKOFF, 2 ** (attempt - 1)))


def _message(response: Any) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message", ""))[:200] if isinstance(body, dict) else ""


def _explain(status: int, domain: str | None, detail: str) -> str:
    suffix = f" ({detail})" if detail else ""
    if status == 401:
        return f"LinkedIn API: the access token is invalid or expired (HTTP 401){suffix}; create a new one"
    if status == 403:
        return (
            f"LinkedIn API: access denied (HTTP 403){suffix}; the token needs the scope "
            "r_dma_portability_self_serve and the Member Data Portability product"
        )
    if status == 426:
        return f"LinkedIn API: version {API_VERSION} is no longer accepted (HTTP 426){suffix}"
    return f"LinkedIn API: request for {domain or 'data'} refused (HTTP {status}){suffix}"


class _SpooledRows(RowSource):
    """Rows of one domain read back from the spool file."""

    def __init__(self, path: Path, header: set[str]) -> None:
        self._path = path
        self.header = header
        self._file: Any = None

    def __enter__(self) -> _SpooledRows:
        self._file = self._path.open(encoding="utf-8")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[CsvRow]:
        for number, line in enumerate(self._file, start=1):
            yield CsvRow(number, json.loads(line))


@contextmanager
def api_tables(client: PortabilityClient, context: ImportContext) -> Iterator[list[Table]]:
    """Fetch every relationship domain into a temporary spool and present each as a table."""
    with tempfile.TemporaryDirectory(prefix="netzwerker-linkedin-") as folder:
        tables: list[Table] = []
        for domain, kind in DOMAINS.items():
            path = Path(folder) / f"{domain}.jsonl"
            header: set[str] = set()
            count = 0
            with path.open("w", encoding="utf-8") as spool:
                for row in client.snapshot_rows(domain):
                    values = {header_key(str(k)): "" if v is None else str(v) for k, v in row.items() if k}
                    header.update(values)
                    spool.write(json.dumps(values, ensure_ascii=False) + "\n")
                    count += 1
                    if count % 5000 == 0:
                        context.progress(count)
            if count:
                label = f"linkedin-api:{domain}"
                tables.append(Table(label, kind, None, _opener(path, header), trust_kind=True))
        yield tables


def _opener(path: Path, header: set[str]) -> Callable[[], RowSource]:
    return lambda: _SpooledRows(path, header)
