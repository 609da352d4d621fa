"""The search page: GET /search?q=…&meeting=&position=&kind=&stage=&administration=&from=&to=&scope=&page=."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from app.extensions import db
from app.i18n import label, translate
from app.labels import KIND_LABELS
from app.search.links import SCOPES, filters_from, hit_url
from positions.errors import ValidationFailed
from positions.models import Administration, Position
from positions.permissions import can_view
from positions.search.service import Results, search
from positions.services.positions import visible_to
from workflows.service import all_workflows

bp = Blueprint("search", __name__, template_folder="templates")


def _choices():
    """What the filter lists offer: the reader's positions and meetings, kinds, stages and administrations."""
    positions = db.session.execute(
        select(Position.id, Position.title, Position.meeting).where(visible_to(current_user)).order_by(Position.title)
    ).all()
    stages = {key: label(state.label) for wf in all_workflows().values() for key, state in wf.states.items()}
    return {
        "positions": [(p.id, p.title) for p in positions],
        "meetings": sorted({p.meeting for p in positions}),
        "kinds": {k: str(v) for k, v in KIND_LABELS.items()},
        "stages": stages,
        "administrations": list(db.session.scalars(select(Administration.code).order_by(Administration.code))),
        "scopes": list(SCOPES),
    }


@bp.get("/search")
@login_required
def search_page():
    """Search everything the reader may see; hits grouped by position."""
    if not can_view(current_user):
        abort(403)
    q = request.args.get("q", "")
    filters = filters_from(request.args)
    results, status = Results(query=q), 200
    asked = bool(q.strip())
    if asked:
        try:
            results = search(db.session, current_user, q, filters, page=request.args.get("page", type=int) or 1)
        except ValidationFailed as exc:
            results.notices.append(exc.message)
            status = 422
    return render_template(
        "search/search.html", q=q, f=filters, results=results, asked=asked, hit_url=hit_url,
        notices=[translate(n) for n in results.notices], choices=_choices(), args=request.args,
    ), status
