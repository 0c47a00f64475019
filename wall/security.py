"""Security headers on every response, and https redirects only when asked for."""

from flask import Flask, redirect, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "interest-cohort=(), browsing-topics=()"
        return response

    if app.config["FORCE_HTTPS"]:

        @app.before_request
        def https_only():
            if not request.is_secure:
                return redirect(request.url.replace("http://", "https://", 1), code=308)
            return None
