import click
from flask.cli import with_appcontext

from wall.extensions import db


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database tables that do not exist yet. Safe to run again."""
    import wall.models  # noqa: F401 - every table registered

    db.create_all()
    click.echo("The database is ready.")
