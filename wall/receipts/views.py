"""Receipt pages. The code travels only in POST bodies (never a URL path or query), so no log sees it."""

from flask import Blueprint, current_app, render_template

from wall.extensions import limiter
from wall.receipts import service
from wall.receipts.forms import LookupForm, WithdrawForm

bp = Blueprint("receipts", __name__)
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _limit() -> str:
    return current_app.config["RECEIPT_RATE_LIMIT"]


def _page(template: str, **context):
    return render_template(template, **context), 200, PRIVATE


@bp.route("/receipt", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], scope="receipt")
def lookup():
    form = LookupForm()
    if not form.validate_on_submit():
        return _page("receipts/lookup.html", form=form)
    story = service.find(form.code.data)
    if story is None:
        return _page("receipts/lookup.html", form=form, missing=True)
    withdraw = WithdrawForm(code=form.code.data, formdata=None)
    return _page("receipts/status.html", status=service.status_of(story), withdraw=withdraw)


@bp.post("/receipt/withdraw")
@limiter.limit(_limit, scope="receipt")
def withdraw():
    form = WithdrawForm()
    valid = form.validate_on_submit()
    story = None if "code" in form.errors else service.find(form.code.data or "")
    if story is None:
        return _page("receipts/lookup.html", form=LookupForm(formdata=None), missing=True)
    if not valid:  # the box was not ticked: show the status again, with the reason
        return _page("receipts/status.html", status=service.status_of(story), withdraw=form)
    service.take_back(story)
    return _page("receipts/withdrawn.html")
