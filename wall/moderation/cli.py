import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from wall.extensions import db
from wall.moderation.models import Moderator
from wall.moderation.passwords import password_problem


@click.command("create-moderator")
@with_appcontext
@click.argument("name")
@click.option("--admin", is_flag=True, help="Let this person manage moderators and settings too.")
def create_moderator_command(name: str, admin: bool) -> None:
    """Create a moderator called NAME.

    The password is asked for at a prompt, or read from the first line of standard
    input when that is not a terminal (for scripts: echo "$PW" | flask ... create-moderator NAME).
    """
    if db.session.scalar(select(Moderator).where(Moderator.username == name)):
        raise click.ClickException(f"A moderator called {name!r} already exists.")
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(password, name)
    if problem:
        raise click.ClickException(problem)
    moderator = Moderator(username=name, role="admin" if admin else "moderator")
    moderator.set_password(password)
    db.session.add(moderator)
    db.session.commit()
    click.echo(f"Created {moderator.role} {name!r}.")
