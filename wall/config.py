"""Settings: defaults, then WALL_* environment variables, then a test mapping."""

import os
import secrets
from pathlib import Path


class MissingSecretKey(RuntimeError):
    pass


DEFAULTS = {
    "ENV": "production",
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "BROKER_URL": None,  # None: kombu's filesystem transport in the instance folder
    "MODERATION_MODEL": "auto",
    "DETOXIFY_CHECKPOINT": None,
    "DETOXIFY_CONFIG_DIR": None,
    "PROXY_HOPS": 0,
    "FORCE_HTTPS": False,
    "STORY_MIN_CHARS": 10,
    "STORY_MAX_CHARS": 5000,
    "WALL_PAGE_SIZE": 20,
    "SWEEP_AFTER_SECONDS": 120,
    "SWEEP_EVERY_SECONDS": 60,
    "SCORE_MAX_TRIES": 5,
    # Per-category score at or above which a story is "likely harmful"; "maybe" from MAYBE_RATIO of it.
    "THRESHOLDS": {"default": 0.8},
    "MAYBE_RATIO": 0.5,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_SECURE": None,  # None: Secure everywhere but development
    "SHARE_RATE_LIMIT": "10 per hour",  # stories actually sent
    "SHARE_CHECK_RATE_LIMIT": "60 per hour",  # previews ("pause before posting")
    "RECEIPT_RATE_LIMIT": "20 per hour",
    "REACTION_RATE_LIMIT": "30 per hour",
    "LOGIN_RATE_LIMIT": "10 per minute",
}


def feature_defaults() -> dict:
    """Every setting with its default: the general ones above and each feature's own."""
    from wall.moderation import SETTINGS as MODERATION
    from wall.scoring import DEFAULTS as SCORING

    return DEFAULTS | SCORING | MODERATION


def load(app, test_config=None):
    """Fill app.config from defaults, the environment (WALL_*) and test_config, in that order."""
    app.config.from_mapping(feature_defaults())
    app.config.from_prefixed_env("WALL")
    if test_config:
        app.config.from_mapping(test_config)
    cfg = app.config
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    cfg["SECRET_KEY"] = _secret_key(cfg, instance)
    cfg["SQLALCHEMY_DATABASE_URI"] = cfg["DATABASE_URL"] or f"sqlite:///{instance / 'wall.db'}"
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    cfg["BROKER_URL"] = cfg["BROKER_URL"] or "filesystem://"
    development = cfg["ENV"] == "development"
    cfg["SESSION_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_SAMESITE"] = "Lax"
    # Secure outside development; TLS itself belongs to the reverse proxy.
    if cfg["SESSION_COOKIE_SECURE"] is None:
        cfg["SESSION_COOKIE_SECURE"] = not development and not cfg.get("TESTING")
    cfg["REMEMBER_COOKIE_SECURE"] = cfg["SESSION_COOKIE_SECURE"]
    cfg["WTF_CSRF_TIME_LIMIT"] = None  # a story can take a long evening to write


def _secret_key(cfg, instance: Path) -> str:
    if cfg.get("SECRET_KEY"):
        return cfg["SECRET_KEY"]
    if cfg["ENV"] != "development" and not cfg.get("TESTING"):
        raise MissingSecretKey(
            "WALL_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))'), "
            "or set WALL_ENV=development for a local run."
        )
    # Development: make one once and keep it, so sessions survive restarts.
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        os.chmod(path, 0o600)
    return path.read_text().strip()
