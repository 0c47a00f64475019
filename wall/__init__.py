"""Small Steps: an anonymous wall of small steps people took through hard times."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from wall import config
from wall.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("WALL_INSTANCE_PATH") or None,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config.load(app, test_config)
    register_logging(app)
    register_extensions(app)
    register_proxy(app)
    register_blueprints(app)
    register_commands(app)
    from wall.tasks import celery_init_app

    celery_init_app(app)
    return app


def register_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    import wall.models  # noqa: F401 - every table known to create_all and Alembic

    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see the review queue."
    app.config.setdefault("RATELIMIT_STORAGE_URI", _limiter_storage(app.config))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)


def _limiter_storage(cfg) -> str:
    broker = cfg["BROKER_URL"]
    return broker if broker.startswith(("redis://", "rediss://")) else "memory://"


def register_proxy(app: Flask) -> None:
    """Trust exactly the configured number of proxy hops for the client address and scheme."""
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_blueprints(app: Flask) -> None:
    from wall import errors, security
    from wall.care.views import bp as care_bp
    from wall.health.views import bp as health_bp
    from wall.moderation import init_app as init_moderation
    from wall.public.views import bp as public_bp
    from wall.receipts.views import bp as receipts_bp
    from wall.sharing.views import bp as sharing_bp

    for bp in (public_bp, sharing_bp, health_bp, care_bp, receipts_bp):
        app.register_blueprint(bp)
    init_moderation(app)  # login, queues, admin, readers' reports
    register_wall_blueprints(app)
    security.init_app(app)
    errors.init_app(app)


def register_wall_blueprints(app: Flask) -> None:
    """Reactions, feeds and the read-only API around the public wall."""
    from wall.api.views import bp as api_bp
    from wall.feeds.views import bp as feeds_bp
    from wall.reactions.views import bp as reactions_bp

    for bp in (reactions_bp, feeds_bp, api_bp):
        app.register_blueprint(bp)


def register_commands(app: Flask) -> None:
    from wall.cli import init_db_command
    from wall.moderation.cli import COMMANDS as moderation_commands

    app.cli.add_command(init_db_command)
    for command in moderation_commands:
        app.cli.add_command(command)
    from wall.scoring.cli import init_app as scoring_commands

    scoring_commands(app)
