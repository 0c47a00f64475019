"""No trace of who posted: stories, reports and receipt look-ups from one known address, through
real gunicorn (two workers, one proxy hop), a real Celery worker and Redis; then the database,
every Redis key and value, and every log are searched for that address in any common form."""

import base64
import hashlib
import http.cookiejar
import ipaddress
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import inspect, select, text

from tests.servers import start_web, start_worker, stop, wait_until, wall_env
from wall import create_app
from wall.extensions import db
from wall.stories.models import Story
from wall.stories.service import apply
from wall.stories.states import Action, State

pytestmark = pytest.mark.slow

KNOWN = "203.0.113.77"
OTHER = "198.51.100.99"
AGENT = "LeakProbe/7.3 (unique-agent-5f3a9)"


def address_forms(address: str) -> dict[str, bytes]:
    """The address as it might be written down: plain, reversed, as numbers, or hashed without a key."""
    ip = ipaddress.IPv4Address(address)
    packed = ip.packed
    reversed_ = ".".join(reversed(address.split(".")))
    forms = {
        "dotted": address,
        "reversed": reversed_,
        "arpa": ip.reverse_pointer,
        "integer": str(int(ip)),
        "hex": packed.hex(),
        "hex-dotted": ".".join(f"{b:02x}" for b in packed),
        "mapped-v6": f"::ffff:{address}",
        "mapped-v6-hex": f"::ffff:{packed[:2].hex()}:{packed[2:].hex()}",
        "base64": base64.b64encode(address.encode()).decode(),
    }
    for name, algo in (("md5", hashlib.md5), ("sha1", hashlib.sha1), ("sha256", hashlib.sha256)):
        for variant, value in (("", address), ("-reversed", reversed_), ("-integer", str(int(ip)))):
            digest = algo(value.encode()).hexdigest()
            forms[f"{name}{variant}"] = digest[:16]  # a prefix also catches truncated hashes
    found = {k: v.encode() for k, v in forms.items()}
    found |= {k + "-upper": v.upper() for k, v in found.items() if re.fullmatch(rb"[0-9a-f]+", v)}
    return found


def traces(haystack: bytes, address: str) -> list[str]:
    lowered = haystack.lower()
    return [name for name, form in address_forms(address).items() if form.lower() in lowered]


def test_the_search_finds_every_form_it_claims_to():
    for name, form in address_forms(KNOWN).items():
        assert name in traces(b"x " + form + b" y", KNOWN)
    assert traces(b"story 42 at 12:00, key v:0f3a", KNOWN) == []


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects and always sends the same headers."""

    def __init__(self, base: str, address: str):
        self.base, self.address = base, address
        jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def go(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={
            "X-Forwarded-For": self.address, "User-Agent": AGENT, "Accept-Language": "en-GB"})  # fmt: skip
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def csrf(self, path: str) -> str:
        page = self.go(path)[2]
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def share(self, story: str, **extra) -> tuple[int, str]:
        status, _, page = self.go("/share", {"story": story, "csrf_token": self.csrf("/share"), **extra})
        if status != 303:
            return status, page
        thanks = self.go("/share/thanks")[2]
        return status, re.search(r"<code>([A-Za-z0-9_-]{32})</code>", thanks).group(1)


@pytest.fixture
def stack(settings, redis_server, tmp_path):
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    app = create_app(settings | {"BROKER_URL": redis_server.url})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    env = wall_env(
        SECRET_KEY="leak-test-secret", DATABASE_URL=settings["DATABASE_URL"], BROKER_URL=redis_server.url,
        INSTANCE_PATH=tmp_path / "instance", MODERATION_MODEL="light", PROXY_HOPS=1,
        SESSION_COOKIE_SECURE="false", SHARE_RATE_LIMIT="4 per hour", RECEIPT_RATE_LIMIT="5 per hour",
    )  # fmt: skip
    logs = {"worker": tmp_path / "worker.log", "web": tmp_path / "web.log"}
    worker = start_worker(env, logs["worker"])
    web, base = start_web(env, logs["web"])
    yield app, base, logs, redis_server, [web, worker]
    for proc in (web, worker):
        stop(proc)
    with app.app_context():
        db.engine.dispose()


def _database_dump(app) -> bytes:
    parts = []
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    parts.append(f"{table}: {tuple(row)!r}")
        db.engine.dispose()
    dump = "\n".join(parts).encode()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):  # the raw files too, write-ahead log included
        from pathlib import Path

        for path in Path(uri.removeprefix("sqlite:///")).parent.glob("wall.db*"):
            dump += b"\n" + path.read_bytes()
    return dump


def _value(client, key: bytes) -> bytes:
    kind = client.type(key)
    if kind == b"string":
        return client.get(key) or b""
    if kind == b"hash":
        return b" ".join(k + b"=" + v for k, v in client.hgetall(key).items())
    if kind == b"list":
        return b" ".join(client.lrange(key, 0, -1))
    if kind == b"set":
        return b" ".join(client.smembers(key))
    if kind == b"zset":
        return b" ".join(m for m, _ in client.zrange(key, 0, -1, withscores=True))
    return b""


def _redis_dump(url: str) -> tuple[bytes, list[bytes]]:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(count=1000))
    parts = []
    for key in keys:
        value = _value(client, key)
        parts += [key, value or b""]
    raw = b"\n".join(parts)
    # Celery messages carry their bodies base64-encoded: decode every long base64 run as well.
    for run in re.findall(rb"[A-Za-z0-9+/=]{24,}", raw):
        try:
            raw += b"\n" + base64.b64decode(run + b"=" * (-len(run) % 4))
        except ValueError:
            continue
    return raw, keys


def test_no_trace_of_the_visitor_anywhere(stack):
    app, base, logs, redis_server, processes = stack
    visitor = Browser(base, KNOWN)

    status, receipt_clean = visitor.share("Today I told my sister I wasn't okay, and she hugged me.")
    assert status == 303
    status, page = visitor.share("If anyone wants to talk, ring me on 07700 900123. I went outside today.")
    assert status == 200 and "One more look" in page
    status, receipt_phone = visitor.share(
        "If anyone wants to talk, ring me on 07700 900123. I went outside today.", share_anyway="Share anyway"
    )
    assert status == 303
    status, receipt_care = visitor.share("I have the pills in front of me and I don't know what to do.")
    assert status == 303

    def all_scored():
        with app.app_context():
            db.session.remove()
            rows = db.session.scalars(select(Story)).all()
            return len(rows) == 3 and all(s.state == State.IN_REVIEW for s in rows) and rows

    stories = wait_until(all_scored, timeout=90, what="three stories scored by the worker")
    with app.app_context():
        first = db.session.merge(stories[0])
        assert stories[2].care_level == "immediate"
        apply(first, Action.APPROVE)
        db.session.commit()
        first_id = first.id

    # A report, if the readers' report endpoint is there.
    status, _, page = visitor.go(f"/stories/{first_id}/report")
    reported = status == 200
    if reported:
        from wall.reports.models import REASONS

        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = {"reason": next(iter(REASONS)), "note": "Just checking", "csrf_token": token}
        assert visitor.go(f"/stories/{first_id}/report", data)[0] == 303

    # Receipt look-ups and a withdrawal.
    token = visitor.csrf("/receipt")
    assert "on the wall" in visitor.go("/receipt", {"code": receipt_clean, "csrf_token": token})[2]
    assert "Waiting to be read" in visitor.go("/receipt", {"code": receipt_phone, "csrf_token": token})[2]
    done = visitor.go("/receipt/withdraw", {"code": receipt_care, "confirm": "y", "csrf_token": token})
    assert "withdrawn" in done[2]

    # The fourth story uses the last of this address's limit; the fifth is refused kindly, whichever
    # gunicorn worker takes it, while another address is still welcome.
    assert visitor.share("A fourth small step: I drank a glass of water.")[0] == 303
    status, page = visitor.share("A fifth small step: I opened the curtains.")
    assert status == 429 and "You can try again in about" in page
    assert Browser(base, OTHER).share("Someone else's small step today.")[0] == 303

    for proc in processes:  # stop them so every log line is written
        stop(proc)
    haystacks = {
        "database": _database_dump(app),
        "web log (gunicorn access, errors and app)": logs["web"].read_bytes(),
        "worker log": logs["worker"].read_bytes(),
    }
    redis_raw, keys = _redis_dump(redis_server.url)
    haystacks["redis keys and values"] = redis_raw

    # The search looks in the right places: each holds what it should.
    assert b"told my sister" in haystacks["database"]
    assert b"POST /share" in haystacks["web log (gunicorn access, errors and app)"]
    assert b"scored story" in haystacks["worker log"]
    assert any(b"LIMITER" in key for key in keys)
    for where, haystack in haystacks.items():
        assert traces(haystack, KNOWN) == [], f"{where} holds the visitor's address"
        assert AGENT.encode() not in haystack, f"{where} holds the visitor's user agent"
        for code in (receipt_clean, receipt_phone, receipt_care):
            assert code.encode() not in haystack, f"{where} holds a receipt code"
    print(f"\nleak test: searched {len(keys)} Redis keys, {sum(map(len, haystacks.values())):,} bytes; "
          f"report step {'ran' if reported else 'skipped (no report endpoint)'}; nothing found")  # fmt: skip
