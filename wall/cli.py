import click
from flask.cli import with_appcontext
from flask_migrate import upgrade


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or migrate it to the latest version. Safe to run again."""
    upgrade()
    click.echo("The database is ready.")
