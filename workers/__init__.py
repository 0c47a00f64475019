"""Celery entry point: `celery --app workers worker`.

Celery looks for an attribute named `app`, then `celery`, in this module; both are the
Celery instance of an app built by the same factory as the web. They are built on first
access, so importing `workers.tasks` (as the web does, to send tasks) builds nothing.
"""


def __getattr__(name: str):
    if name in ("app", "celery"):
        from wall import create_app

        celery_app = create_app().extensions["celery"]
        globals().update(app=celery_app, celery=celery_app)
        return celery_app
    raise AttributeError(name)
