"""Friendly error pages: a person sees a plain sentence, never a stack trace."""

import time

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Something in that request did not look right.",
    403: "This page is not open to you.",
    404: "We could not find that page. It may never have existed, or it is not public.",
    405: "That page does not take this kind of request.",
    413: "That was more text than the wall can take at once. Could you shorten it?",
    429: "That was a lot of requests in a short time. Please take a breather and try again soon.",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = MESSAGES.get(exc.code, "Something went wrong on our side.")
        detail = exc.description if exc.code == 400 and _custom(exc) else None
        if exc.code == 429:
            detail = _try_again()
        if request.path.startswith(("/healthz", "/api/")):
            return {"error": message, "detail": detail}, exc.code
        page = render_template("errors/error.html", code=exc.code, message=message, detail=detail)
        return page, exc.code


def _custom(exc: HTTPException) -> bool:
    return exc.description != type(exc).description


def _try_again() -> str:
    """When the visitor's limit lifts, in words: 'in about 12 minutes (at 14:05 UTC)'."""
    from wall.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return "Please try again in a little while."
    seconds = max(1, current.reset_at - int(time.time()))
    if seconds < 90:
        wait = "in about a minute"
    elif seconds < 90 * 60:
        wait = f"in about {round(seconds / 60)} minutes"
    else:
        wait = f"in about {round(seconds / 3600)} hours" if seconds >= 5400 else "in about an hour"
    at = time.strftime("%H:%M UTC", time.gmtime(current.reset_at))
    return (
        f"You can try again {wait} (at {at}). Nothing is wrong with what you did; this limit keeps the wall "
        "safe from floods. If you were writing something, going back in your browser may still show it."
    )
