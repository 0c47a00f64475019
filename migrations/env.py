"""Alembic environment for Small Steps: the app's own engine and metadata (Flask-SQLAlchemy 3)."""

from alembic import context
from flask import current_app

config = context.config
db = current_app.extensions["migrate"].db
# No logging.config.fileConfig here: it would silence the app's own loggers.


def run_migrations_offline() -> None:
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=db.metadata,
        literal_binds=True,
        **current_app.extensions["migrate"].configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty(context, revision, directives):
        # `flask db migrate` with no model changes should not write an empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", skip_empty)
    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=db.metadata, **args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
