import click

from wall.extensions import db


@click.command("init-db")
def init_db_command() -> None:
    """Create the database tables that do not exist yet. Safe to run again."""
    import wall.models  # noqa: F401 - every table registered

    db.create_all()
    click.echo("The database is ready.")
