"""Managing moderators: create, disable, enable, reset a password, change a role. Every step audited."""

from sqlalchemy import func, select

from wall.extensions import db
from wall.moderation import audit
from wall.moderation.models import ROLES, Moderator
from wall.moderation.passwords import password_problem


class AccountProblem(ValueError):
    pass


def by_name(username: str) -> Moderator:
    found = db.session.scalar(select(Moderator).where(Moderator.username == username))
    if found is None:
        raise AccountProblem(f"There is no moderator called {username!r}.")
    return found


def create(username: str, password: str, role: str, by: Moderator | None) -> Moderator:
    username = (username or "").strip()
    if role not in ROLES:
        raise AccountProblem("A role is moderator or admin.")
    if db.session.scalar(select(Moderator).where(Moderator.username == username)):
        raise AccountProblem(f"A moderator called {username!r} already exists.")
    problem = password_problem(password, username)
    if problem:
        raise AccountProblem(problem)
    moderator = Moderator(username=username, role=role)
    moderator.set_password(password)
    db.session.add(moderator)
    audit.record("create_moderator", by, actor=None if by else "cli", target=username, to_value=role)
    db.session.commit()
    return moderator


def _last_admin(moderator: Moderator) -> bool:
    if moderator.role != "admin" or not moderator.active:
        return False
    admins = select(func.count()).select_from(Moderator).where(Moderator.role == "admin", Moderator.active)
    return db.session.scalar(admins) <= 1


def set_active(moderator: Moderator, active: bool, by: Moderator | None) -> None:
    if not active and _last_admin(moderator):
        raise AccountProblem("This is the last active admin; make someone else an admin first.")
    before = "active" if moderator.active else "disabled"
    moderator.active = active
    moderator.end_sessions()  # a disabled moderator is logged out everywhere at once
    audit.record(
        "enable_moderator" if active else "disable_moderator",
        by,
        actor=None if by else "cli",
        target=moderator.username,
        from_value=before,
        to_value="active" if active else "disabled",
    )
    db.session.commit()


def reset_password(moderator: Moderator, password: str, by: Moderator | None) -> None:
    problem = password_problem(password, moderator.username)
    if problem:
        raise AccountProblem(problem)
    moderator.set_password(password)  # also ends the moderator's open sessions
    audit.record("reset_password", by, actor=None if by else "cli", target=moderator.username)
    db.session.commit()


def set_role(moderator: Moderator, role: str, by: Moderator | None) -> None:
    if role not in ROLES:
        raise AccountProblem("A role is moderator or admin.")
    if role != "admin" and _last_admin(moderator):
        raise AccountProblem("This is the last active admin; make someone else an admin first.")
    audit.record(
        "set_role",
        by,
        actor=None if by else "cli",
        target=moderator.username,
        from_value=moderator.role,
        to_value=role,
    )
    moderator.role = role
    db.session.commit()


def everyone() -> list[Moderator]:
    return db.session.scalars(select(Moderator).order_by(Moderator.username)).all()
