"""Managing moderators, word lists and thresholds from the command line (flask --app wsgi ...)."""

import sys

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from wall.extensions import db
from wall.moderation import accounts, thresholds, wordlists
from wall.moderation.models import WordEntry


def _password(prompt: str = "Password") -> str:
    """From a prompt, or the first line of standard input when that is not a terminal (scripts)."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-moderator")
@with_appcontext
@click.argument("name")
@click.option("--admin", is_flag=True, help="Let this person manage moderators and settings too.")
def create_moderator_command(name: str, admin: bool) -> None:
    """Create a moderator called NAME.

    The password is asked for at a prompt, or read from the first line of standard
    input when that is not a terminal (for scripts: echo "$PW" | flask ... create-moderator NAME).
    """
    try:
        moderator = accounts.create(name, _password(), "admin" if admin else "moderator", None)
    except accounts.AccountProblem as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Created {moderator.role} {name!r}.")


moderators_cli = AppGroup("moderators", help="List, disable, enable moderators; reset passwords; set roles.")


def _account(name: str):
    try:
        return accounts.by_name(name)
    except accounts.AccountProblem as problem:
        raise click.ClickException(str(problem)) from None


def _run(action, *args) -> None:
    try:
        action(*args)
    except (accounts.AccountProblem, wordlists.BadEntry, thresholds.BadThreshold) as problem:
        raise click.ClickException(str(problem)) from None


@moderators_cli.command("list")
def list_moderators() -> None:
    """Everyone who can log in (or could, before being disabled)."""
    for m in accounts.everyone():
        click.echo(f"{m.username}\t{m.role}\t{'active' if m.active else 'disabled'}")


@moderators_cli.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Stop NAME from logging in, and end their open sessions."""
    _run(accounts.set_active, _account(name), False, None)
    click.echo(f"{name} is disabled.")


@moderators_cli.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Let a disabled moderator log in again."""
    _run(accounts.set_active, _account(name), True, None)
    click.echo(f"{name} can log in again.")


@moderators_cli.command("reset-password")
@click.argument("name")
def reset_password(name: str) -> None:
    """Give NAME a new password (prompted, or from standard input); ends their open sessions."""
    _run(accounts.reset_password, _account(name), _password("New password"), None)
    click.echo(f"New password set for {name}.")


@moderators_cli.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(["moderator", "admin"]))
def set_role(name: str, role: str) -> None:
    """Make NAME a moderator or an admin."""
    _run(accounts.set_role, _account(name), role, None)
    click.echo(f"{name} is now a {role}.")


words_cli = AppGroup("wordlist", help="The banned, suspect and allowed word lists.")
KIND = click.Choice(list(wordlists.KINDS))


@words_cli.command("list")
@click.option("--kind", type=KIND, help="Only this list.")
def list_words(kind: str | None) -> None:
    """Print the lists, one entry a line: KIND<tab>PHRASE."""
    for e in wordlists.entries():
        if kind in (None, e.kind):
            click.echo(f"{e.kind}\t{e.phrase}")


@words_cli.command("add")
@click.argument("kind", type=KIND)
@click.argument("phrases", nargs=-1, required=True)
def add_words(kind: str, phrases: tuple[str, ...]) -> None:
    """Add PHRASES to the KIND list (quote a phrase of several words), then screen waiting stories."""
    for phrase in phrases:
        _run(wordlists.add, kind, phrase, None)
    rejected = wordlists.rescreen_waiting()
    click.echo(f"Added {len(phrases)} to the {kind} list; {rejected} waiting stories rejected automatically.")


@words_cli.command("remove")
@click.argument("kind", type=KIND)
@click.argument("phrase")
def remove_word(kind: str, phrase: str) -> None:
    """Take PHRASE off the KIND list."""
    entry_id = db.session.scalar(
        select(WordEntry.id).where(
            WordEntry.kind == kind, WordEntry.phrase == " ".join(phrase.lower().split())
        )
    )
    if entry_id is None:
        raise click.ClickException(f"“{phrase}” is not on the {kind} list.")
    wordlists.remove(entry_id, None)
    wordlists.rescreen_waiting()
    click.echo(f"Removed “{phrase}” from the {kind} list.")


thresholds_cli = AppGroup("thresholds", help="Score thresholds per category; they take effect at once.")


@thresholds_cli.command("show")
def show_thresholds() -> None:
    """The thresholds in force, configuration overridden by admins."""
    for category, value in sorted(thresholds.effective_thresholds().items()):
        click.echo(f"{category}\t{value:.2f}")


@thresholds_cli.command("set")
@click.argument("category")
@click.argument("value")
def set_threshold(category: str, value: str) -> None:
    """Set CATEGORY's threshold to VALUE (0.01 to 1) and re-band the waiting stories."""
    try:
        moved = thresholds.set_threshold(category, value, None)
    except thresholds.BadThreshold as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Saved; {moved} waiting stories moved to another band.")


@thresholds_cli.command("reset")
@click.argument("category")
def reset_threshold(category: str) -> None:
    """Drop an admin's threshold for CATEGORY, back to the configured value."""
    moved = thresholds.reset_threshold(category, None)
    click.echo(f"Back to the configured value; {moved} waiting stories moved to another band.")


COMMANDS = [create_moderator_command, moderators_cli, words_cli, thresholds_cli]
