"""The moderators' workspace: login, queues, decisions, word lists, thresholds, audit, dashboard."""

from flask import Flask

SETTINGS = {
    "QUEUE_PAGE_SIZE": 25,  # cards on one queue page: small enough to reload fast after each decision
    "IDLE_TIMEOUT_MINUTES": 30,  # a moderator's session ends after this long without a request
    "REPORTS_TO_HIDE": 3,  # readers' reports that take a story off the wall until a moderator decides
    "REPORT_RATE_LIMIT": "10 per hour",
}


def init_app(app: Flask) -> None:
    """Blueprints and the idle timeout (SETTINGS are loaded with the rest in wall.config)."""
    from wall.moderation import admin_views, decision_views, insight_views, views  # noqa: F401
    from wall.moderation.auth import bp as auth_bp
    from wall.moderation.auth import init_idle_timeout
    from wall.moderation.blueprint import bp
    from wall.reports.views import bp as reports_bp

    for blueprint in (auth_bp, bp, reports_bp):
        app.register_blueprint(blueprint)
    init_idle_timeout(app)
