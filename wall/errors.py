"""Friendly error pages: a person sees a plain sentence, never a stack trace."""

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
        detail = exc.description if exc.code in (400, 429) and _custom(exc) else None
        if request.path.startswith(("/healthz", "/api/")):
            return {"error": message, "detail": detail}, exc.code
        page = render_template("errors/error.html", code=exc.code, message=message, detail=detail)
        return page, exc.code


def _custom(exc: HTTPException) -> bool:
    return exc.description != type(exc).description
