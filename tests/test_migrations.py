"""`flask --app wsgi init-db` builds the schema through Alembic, twice without harm, matching the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from wall import create_app
from wall.extensions import db


def test_init_db_is_safe_twice_and_matches_the_models(settings):
    app = create_app(settings)  # no create_all: only the migrations build this schema
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, (result.output, repr(result.exception))
        assert "The database is ready." in result.output
    with app.app_context(), db.engine.connect() as conn:
        assert "stories" in inspect(conn).get_table_names()
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ; run 'flask --app wsgi db migrate': {diff}"
    with app.app_context():
        db.engine.dispose()
