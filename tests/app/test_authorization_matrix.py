"""Authorization matrix: every route of the web app and the API × every role → the expected status.

One row per route (method and URL rule), one column per role. Each case builds the same small world
(a position under consultation with clauses, version 1, a comment by a consulted and by a non-consulted
official, pending Word uploads) and sends one valid-looking request as that role. A refused request
(302 to the login page, 401, 403, 404) must change nothing: the audit log, which every change writes
to, stays as it was. A route without a row fails test_every_route_has_a_row, naming the route.

Roles: anon (not logged in / no token), viewer (RBINS), official (VL-OMG, consulted; the author of
comment `c_fl`), other (FPS-FA, an official of an administration that is NOT consulted; author of
`c_out`), pen (pen-holder), lead (delegation lead), admin (accounts only, no content rights),
moved (an official who wrote comment `c_mv` for VL-OMG and was then moved to FPS-FA: acts exactly like
`other`, and in the rows about `c_fl` it is their own old comment, which they may no longer withdraw),
retired (a BXL-ENV official logged in, or holding a token, from before BXL-ENV was deactivated: acts
exactly like `anon`, and cannot log in again), delegate (a German delegate invited to this very position's
EU phase: on every route about positions, comments, versions, exports or administration they are refused —
403 or 404, either, as long as nothing is shown —, and their own account's routes answer them as they answer
the viewer). The last three columns follow from `other`, `anon` and that rule unless a row says otherwise.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from app.extensions import db
from exports.documents import export_position, parse_options
from exports.imports import uploads
from positions.models import Base, Consultation, Event, Position
from positions.services import accounts, comments, drafting, library, participants
from tests.exports.helpers import add_comment
from tests.factories import PASSWORD, administrations_eu, position, user
from tests.helpers import login
from workflows.service import fire_transition

ROLES = ("anon", "viewer", "official", "other", "pen", "lead", "admin", "moved", "retired", "delegate")
COLUMNS = ROLES[:7]  # written in each row; "moved", "retired" and "delegate" follow "other", "anon" and OWN_ROUTES
LOGIN = "login"  # 302 to the login page
DENIED = "403 or 404"  # refused without saying whether the thing exists
DEADLINE = "2099-12-31"
REFUSED = {LOGIN, 401, 403, 404, DENIED}
# Routes about one's own account (or none): a delegate is answered there as the viewer is. Everywhere else: DENIED.
OWN_ROUTES = ("/login", "/logout", "/locale", "/account/", "/profile", "/api/v1/tokens", "/api/v1/me", "/static/",
              "/bootstrap/", "/kinds.css", "/healthz", "/api/v1/openapi.json", "/invitation/", "/notifications")


def delegate_default(rule: str, viewer: int | str) -> int | str:
    return viewer if rule == "/" or rule.startswith(OWN_ROUTES) else DENIED


@dataclass
class World:
    """Ids and files every row can use in its URL and body."""

    ids: dict[str, Any]
    users: dict[str, Any]
    docx: bytes = b""
    reviewed: bytes = b""


@dataclass
class Row:
    method: str
    rule: str
    url: str
    expected: dict[str, int | str]
    body: Callable[[World, str], dict] | None = None
    setup: Callable[[World], None] | None = None


def R(method: str, rule: str, url: str, *statuses, body=None, setup=None, moved=None, retired=None, delegate=None) -> Row:  # noqa: N802
    assert len(statuses) == len(COLUMNS), rule
    expected = dict(zip(COLUMNS, statuses, strict=True))
    expected["moved"] = expected["other"] if moved is None else moved
    expected["retired"] = expected["anon"] if retired is None else retired
    expected["delegate"] = delegate_default(rule, expected["viewer"]) if delegate is None else delegate
    return Row(method, rule, url, expected, body, setup)


def form(**fields) -> Callable[[World, str], dict]:
    return lambda w, role: {"data": {k: v.format(**w.ids) if isinstance(v, str) else v for k, v in fields.items()}}


def js(**fields) -> Callable[[World, str], dict]:
    return lambda w, role: {"json": {k: v.format(**w.ids) if isinstance(v, str) else v for k, v in fields.items()}}


def own_credentials(as_json: bool) -> Callable[[World, str], dict]:
    def body(w: World, role: str) -> dict:
        user = w.users["viewer" if role == "anon" else role]  # a retired official tries their own credentials
        data = {"email": user.email, "password": PASSWORD}
        return {"json": data} if as_json else {"data": data}
    return body


def upload(which: str, **fields) -> Callable[[World, str], dict]:
    def body(w: World, role: str) -> dict:
        data = {"file": (io.BytesIO(getattr(w, which)), f"{which}.docx"), **fields}
        return {"data": data, "content_type": "multipart/form-data"}
    body.files = True
    return body


def with_tokens(body: Callable[[World, str], dict]) -> Callable[[World, str], dict]:
    """Mark a body that uses the pending Word uploads (built only for the rows that need them)."""
    body.files = True
    return body


def close_consultation(w: World) -> None:
    db.session.execute(Consultation.__table__.update().values(closed_at=func.now()))
    db.session.commit()


def official_documents(w: World) -> None:
    """IPBES/12/2 and its Rev.1 imported by the pen-holder; the second clause linked to paragraph 1 of the first."""
    from exports.imports.official import import_official
    from positions.services import official_comments
    from positions.services.official_links import link_clause
    from tests.official.documents import draft_decision, draft_decision_rev1

    pen, pos = w.users["pen"], db.session.get(Position, w.ids["pos"])
    first = import_official(db.session, pen, draft_decision(), symbol="IPBES/12/2", title="Work programme").document
    w.ids["doc"] = first.id
    w.ids["link"] = link_clause(db.session, pen, pos, w.ids["uid"], first.id, "1").id
    rev1 = import_official(db.session, pen, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", title="Work programme",
                           revision_of=first.id).document
    w.ids["rev1"], w.ids["par1"] = rev1.id, next(p.id for p in rev1.paragraphs if p.number == "1")
    remark = official_comments.post_comment(db.session, w.users["official"], rev1.id, "1", comment="Welcome it warmly.")
    w.ids["ocom"], w.ids["bcom"] = remark.id, official_comments.adopt(db.session, pen, remark.id).id
    db.session.commit()


def official_upload(w: World, role: str) -> dict:
    from tests.official.documents import spm
    return {"data": {"file": (io.BytesIO(spm()), "spm.docx"), "symbol": "IPBES/12/4", "title": "SPM"}, "content_type": "multipart/form-data"}


def official_web_upload(w: World, role: str) -> dict:
    body = official_upload(w, role)
    body["data"]["revision_of"] = ""
    return body


OFFICIAL = {"setup": official_documents}


NEW_USER = form(name="Nieuwe Collega", email="nieuw@example.be", administration="VL-OMG", role="official", password="a long enough password")
EDIT_USER = form(name="Jan Janssens", email="official.vl-omg@example.be", administration="VL-OMG", role="official", active="y")
POSITION = dict(title="Position on nexus assessment", meeting="IPBES-13", agenda_item="Item 7")
LIBRARY_FORM = form(text="Welcomes the nexus assessment.", meeting="IPBES-11", symbol="IPBES-11/1", paragraph="3",
                    status="adopted_plenary", language="en", tags="nexus")


def approve_version_1(w: World) -> None:
    """The lead approves version 1: its clauses are agreed text, which may enter the library."""
    from positions.models import Position
    from positions.services import approvals, versions

    pos = db.session.get(Position, w.ids["pos"])
    approvals.decide(db.session, w.users["lead"], pos, versions.get_version(db.session, pos, 1), "approve")
    db.session.commit()
def eu_phase(w: World) -> None:
    """The position moves on to its EU draft (no transition: nothing else of the world changes)."""
    db.session.execute(Position.__table__.update().where(Position.id == w.ids["pos"]).values(stage="eu_draft"))
    db.session.commit()


P = "/positions/{pos}"
A = "/api/v1/positions/{pos}"
C = "/clauses/{uid}"

ROWS: list[Row] = [
    # ---- web ------------------------------------------------------------------------------------------------------------------
    #  method  rule                                                        url                          anon   viewer official other pen  lead admin
    R("GET",  "/",                                                         "/",                          LOGIN, 200, 200, 200, 200, 200, 302),
    R("GET",  "/login",                                                    "/login",                     200,   302, 302, 302, 302, 302, 302),
    R("POST", "/login",                                                    "/login",                     302,   302, 302, 302, 302, 302, 302, body=own_credentials(False),
      retired=401),
    R("POST", "/logout",                                                   "/logout",                    302,   302, 302, 302, 302, 302, 302),
    R("GET",  "/account/password",                                         "/account/password",          LOGIN, 200, 200, 200, 200, 200, 200),
    R("POST", "/account/password",                                         "/account/password",          LOGIN, 302, 302, 302, 302, 302, 302,
      body=form(current_password=PASSWORD, new_password="another good password", confirm="another good password")),
    R("GET",  "/admin/users",                                              "/admin/users",               LOGIN, 403, 403, 403, 403, 403, 200),
    R("GET",  "/admin/users/new",                                          "/admin/users/new",           LOGIN, 403, 403, 403, 403, 403, 200),
    R("POST", "/admin/users/new",                                          "/admin/users/new",           LOGIN, 403, 403, 403, 403, 403, 302, body=NEW_USER),
    R("GET",  "/admin/users/<int:user_id>",                                "/admin/users/{flemish}",     LOGIN, 403, 403, 403, 403, 403, 200),
    R("POST", "/admin/users/<int:user_id>",                                "/admin/users/{flemish}",     LOGIN, 403, 403, 403, 403, 403, 302, body=EDIT_USER),
    R("GET",  "/admin/administrations",                                    "/admin/administrations",     LOGIN, 403, 403, 403, 403, 403, 200),
    R("GET",  "/admin/administrations/new",                                "/admin/administrations/new", LOGIN, 403, 403, 403, 403, 403, 200),
    R("POST", "/admin/administrations/new",                                "/admin/administrations/new", LOGIN, 403, 403, 403, 403, 403, 302,
      body=form(code="DG-ENV", name="DG Environment", kind="federal", active="y")),
    R("GET",  "/admin/administrations/<int:administration_id>",            "/admin/administrations/{vl}", LOGIN, 403, 403, 403, 403, 403, 200),
    R("POST", "/admin/administrations/<int:administration_id>",            "/admin/administrations/{vl}", LOGIN, 403, 403, 403, 403, 403, 302,
      body=form(code="VL-OMG", name="Flemish environment department", kind="regional", active="y")),
    R("GET",  "/positions/new",                                            "/positions/new",             LOGIN, 403, 403, 403, 200, 403, 403),
    R("POST", "/positions/new",                                            "/positions/new",             LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(**POSITION, confidentiality="limited", workflow="ipbes-position", consulted="VL-OMG")),
    R("GET",  "/positions/<int:position_id>",                              P,                            LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/search",                                                   "/search?q=Belgium",          LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/positions/<int:position_id>/details",                      P + "/details",               LOGIN, 403, 403, 403, 200, 403, 403),
    R("POST", "/positions/<int:position_id>/details",                      P + "/details",               LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(**POSITION, confidentiality="limited", consulted="VL-OMG")),
    R("POST", "/positions/<int:position_id>/clauses",                      P + "/clauses",               LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(kind="text", body="Belgium welcomes the nexus assessment.")),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/edit",           P + C + "/edit",              LOGIN, 403, 403, 403, 200, 403, 403),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/edit",           P + C + "/edit",              LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(kind="text", heading="", body="Belgium warmly thanks the Executive Secretary.", base_revision="{rev}")),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/delete",         P + C + "/delete",            LOGIN, 403, 403, 403, 302, 403, 403),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/move",           P + C + "/move",              LOGIN, 403, 403, 403, 302, 403, 403, body=form(direction="down")),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/move",           P + C + "/move",              LOGIN, 403, 403, 403, 200, 403, 403),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/actions",        P + C + "/actions",           LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/positions/<int:position_id>/clauses/new",                  P + "/clauses/new?after={uid}", LOGIN, 403, 403, 403, 200, 403, 403),
    R("POST", "/positions/<int:position_id>/preview",                      P + "/preview",               LOGIN, 403, 403, 403, 200, 403, 403, body=form(body="Belgium **supports** [A] [B].")),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/history",        P + C + "/history",           LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/comment",        P + C + "/comment",           LOGIN, 403, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/comments",       P + C + "/comments",          LOGIN, 403, 302, 302, 302, 302, 403,
      body=form(kind="question", body="Which documentation?")),
    R("POST", "/comments/<int:comment_id>/resolve",                        "/comments/{c_fl}/resolve",   LOGIN, 403, 302, 403, 403, 403, 403, body=form(status="withdrawn")),
    R("GET",  "/positions/<int:position_id>/comments",                     P + "/comments",              LOGIN, 200, 200, 200, 200, 200, 403),
    # margin comments: a clause's threads, one thread, suggestion mode, endorsements (c_mv: a VL-OMG reservation)
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/threads",        P + C + "/threads",           LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/comments/<int:comment_id>",                                "/comments/{c_fl}",           LOGIN, 302, 302, 302, 302, 302, 403),
    R("GET",  "/positions/<int:position_id>/clauses/<uid>/suggest",        P + C + "/suggest",           LOGIN, 403, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/suggest",        P + C + "/suggest",           LOGIN, 403, 302, 302, 302, 302, 403,
      body=form(body="Belgium warmly thanks the Executive Secretary.", base_revision="{rev}")),
    R("POST", "/comments/<int:comment_id>/endorsement",                    "/comments/{c_mv}/endorsement", LOGIN, 403, 302, 302, 403, 403, 403),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/amendments/decide", P + C + "/amendments/decide", LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(administration="VL-OMG", status="rejected")),
    R("GET",  "/positions/<int:position_id>/compare",                      P + "/compare?from=1&to=draft", LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/positions/<int:position_id>/versions",                     P + "/versions",              LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/versions",                     P + "/versions",              LOGIN, 403, 403, 403, 302, 403, 403, body=form(note="For the lead")),
    R("GET",  "/positions/<int:position_id>/consultation",                 P + "/consultation",          LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/consultations",                P + "/consultations",         LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(deadline=DEADLINE), setup=close_consultation),
    R("POST", "/positions/<int:position_id>/versions/<int:number>/consent", P + "/versions/1/consent",   LOGIN, 403, 302, 403, 403, 403, 403, body=form(state="agree")),
    R("POST", "/positions/<int:position_id>/versions/<int:number>/approval", P + "/versions/1/approval",  LOGIN, 403, 403, 403, 403, 302, 403, body=form(decision="approve")),
    R("GET",  "/positions/<int:position_id>/since-agreed",                 P + "/since-agreed",          LOGIN, 302, 302, 302, 302, 302, 403),
    R("GET",  "/positions/<int:position_id>/history",                      P + "/history",               LOGIN, 200, 200, 200, 200, 200, 403),
    # The web workflow panel answers a refused step with a message on the position page (302); the stage stays.
    R("POST", "/positions/<int:position_id>/transitions/<name>",           P + "/transitions/revise",    LOGIN, 302, 302, 302, 302, 302, 403, body=form(note="More work")),
    R("GET",  "/positions/<int:position_id>/word",                         P + "/word",                  LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/positions/<int:position_id>/word/export",                  P + "/word/export?version=1", LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/word/reviewed",                P + "/word/reviewed",         LOGIN, 403, 200, 403, 403, 403, 403, body=upload("reviewed")),
    # The pending upload belongs to the Flemish official: anyone else's confirmation finds nothing to import.
    R("POST", "/positions/<int:position_id>/word/reviewed/confirm",        P + "/word/reviewed/confirm", LOGIN, 422, 302, 422, 422, 422, 403, body=with_tokens(form(token="{fl_token}"))),
    R("POST", "/positions/<int:position_id>/word/reviewed/cancel",         P + "/word/reviewed/cancel",  LOGIN, 302, 302, 302, 302, 302, 403, body=with_tokens(form(token="{fl_token}"))),
    R("GET",  "/positions/import",                                         "/positions/import",          LOGIN, 403, 403, 403, 200, 403, 403),
    R("POST", "/positions/import",                                         "/positions/import",          LOGIN, 403, 403, 403, 200, 403, 403, body=upload("docx")),
    R("POST", "/positions/import/confirm",                                 "/positions/import/confirm",  LOGIN, 403, 403, 403, 302, 403, 403,
      body=with_tokens(form(token="{pen_token}", **POSITION, confidentiality="limited", workflow="ipbes-position", consulted="VL-OMG"))),
    # The agreed-language library: everyone who reads positions reads it; the pen-holder and the lead write it.
    R("GET",  "/library",                                                  "/library",                   LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/library/<int:entry_id>",                                   "/library/{entry}",           LOGIN, 200, 200, 200, 200, 200, 403),
    R("GET",  "/library/new",                                              "/library/new",               LOGIN, 403, 403, 403, 200, 200, 403),
    R("POST", "/library/new",                                              "/library/new",               LOGIN, 403, 403, 403, 302, 302, 403, body=LIBRARY_FORM),
    R("GET",  "/library/<int:entry_id>/edit",                              "/library/{entry}/edit",      LOGIN, 403, 403, 403, 200, 200, 403),
    R("POST", "/library/<int:entry_id>/edit",                              "/library/{entry}/edit",      LOGIN, 403, 403, 403, 302, 302, 403, body=LIBRARY_FORM),
    R("POST", "/library/<int:entry_id>/insert",                            "/library/{entry}/insert",    LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(position="{pos}", kind="text")),
    R("POST", "/positions/<int:position_id>/clauses/<uid>/library",        P + C + "/library",           LOGIN, 403, 403, 403, 302, 302, 403,
      body=form(status="agreed_belgium"), setup=lambda w: approve_version_1(w)),
    R("GET",  "/library/import",                                           "/library/import",            LOGIN, 403, 403, 403, 200, 200, 403),
    R("POST", "/library/import",                                           "/library/import",            LOGIN, 403, 403, 403, 200, 200, 403,
      body=upload("docx", language="en", status="adopted_plenary")),
    # The pending upload is the pen-holder's: the lead's confirmation finds nothing to import.
    R("POST", "/library/import/confirm",                                   "/library/import/confirm",    LOGIN, 403, 403, 403, 302, 422, 403,
      body=with_tokens(form(token="{lib_token}", language="en", status="adopted_plenary"))),
    R("GET",  "/static/<path:filename>",                                   "/static/css/app.css",        200,   200, 200, 200, 200, 200, 200),
    R("GET",  "/bootstrap/static/<path:filename>",                         "/bootstrap/static/css/bootstrap.min.css", 200, 200, 200, 200, 200, 200, 200),
    # Official documents: officials read; the pen-holder imports, links and reviews; the delegation records the plenary.
    R("GET",  "/official-documents",                                       "/official-documents",        LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/official-documents",                                       "/official-documents",        LOGIN, 403, 403, 403, 200, 403, 403,
      body=official_web_upload),
    # The previewed upload is the pen-holder's; confirming needs a token of one's own (or comes back to the form).
    R("POST", "/official-documents/confirm",                               "/official-documents/confirm", LOGIN, 403, 403, 403, 302, 403, 403,
      body=with_tokens(form(token="{off_token}", symbol="IPBES/12/4", title="SPM", revision_of=""))),
    R("POST", "/official-documents/cancel",                                "/official-documents/cancel", LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(token="not-a-token")),
    R("GET",  "/official-documents/<int:document_id>",                     "/official-documents/{doc}",  LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("GET",  "/official-documents/<int:document_id>/changes",             "/official-documents/{rev1}/changes", LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("GET",  "/positions/<int:position_id>/official",                     P + "/official?document={rev1}", LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("POST", "/positions/<int:position_id>/official/<int:document_id>/links", P + "/official/{rev1}/links", LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(clause="{uid3}", paragraph="2 (a)"), **OFFICIAL),
    R("POST", "/positions/<int:position_id>/official/<int:document_id>/links/<uid>/<int:link_id>/delete",
      P + "/official/{doc}/links/{uid}/{link}/delete",                                                   LOGIN, 403, 403, 403, 302, 403, 403, **OFFICIAL),
    R("POST", "/positions/<int:position_id>/official/<int:document_id>/reviewed/<uid>", P + "/official/{rev1}/reviewed/{uid}", LOGIN, 403, 403, 403, 302, 403, 403,
      **OFFICIAL),
    R("GET",  "/positions/<int:position_id>/plenary",                      P + "/plenary?document={rev1}", LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("POST", "/positions/<int:position_id>/plenary/<int:document_id>/<int:paragraph_id>", P + "/plenary/{rev1}/{par1}", LOGIN, 403, 403, 403, 302, 302, 403,
      body=form(outcome="agreed", chair_text="", note=""), **OFFICIAL),
    R("GET",  "/official-documents/<int:document_id>/comments",            "/official-documents/{rev1}/comments", LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("POST", "/official-documents/<int:document_id>/comments",            "/official-documents/{rev1}/comments", LOGIN, 403, 302, 302, 302, 302, 403,
      body=form(paragraph="1", page="2", line="3", comment="Add a date.", proposed_text=""), **OFFICIAL),
    R("POST", "/official-documents/<int:document_id>/comments/<int:comment_id>/adopt", "/official-documents/{rev1}/comments/{ocom}/adopt",
      LOGIN, 403, 403, 403, 302, 403, 403, **OFFICIAL),
    R("POST", "/official-documents/<int:document_id>/comments/<int:comment_id>/drop", "/official-documents/{rev1}/comments/{bcom}/drop",
      LOGIN, 403, 403, 403, 302, 403, 403, **OFFICIAL),
    R("GET",  "/official-documents/<int:document_id>/comments-BE.<any(csv, docx, xlsx):kind>", "/official-documents/{rev1}/comments-BE.xlsx",
      LOGIN, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("GET",  "/positions/<int:position_id>/plenary/debrief.docx",          P + "/plenary/debrief.docx?document={rev1}", LOGIN, 200, 200, 200, 200, 200, 403,
      **OFFICIAL),
    # Routes other helpers add (rows are checked once the route exists).
    R("POST", "/locale",                                                   "/locale",                    302,   302, 302, 302, 302, 302, 302, body=form(locale="fr")),
    R("GET",  "/profile",                                                  "/profile",                   LOGIN, 200, 200, 200, 200, 200, 200),
    R("POST", "/profile",                                                  "/profile",                   LOGIN, 302, 302, 302, 302, 302, 302, body=form(locale="nl")),
    # An API token of the pen-holder: only its owner can revoke it; to anyone else it does not exist.
    R("POST", "/profile/tokens/<int:token_id>/revoke",                     "/profile/tokens/{pen_api_token}/revoke", LOGIN, 404, 404, 404, 302, 404, 404),
    # Live pages: a stream needs a reader (401 otherwise: a browser's EventSource cannot follow a login redirect).
    R("GET",  "/positions/<int:position_id>/stream",                       P + "/stream",                401,   200, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/presence",                     P + "/presence",              LOGIN, 204, 204, 204, 204, 204, 403, body=form(state="viewing")),
    # Calendars: a personal address is its own credential; a forged or renewed one is unknown to everyone.
    R("GET",  "/calendar/<token>.ics",                                     "/calendar/1-0-" + "0" * 40 + ".ics", 404, 404, 404, 404, 404, 404, 404),
    R("GET",  "/positions/<int:position_id>/deadlines.ics",                P + "/deadlines.ics",         LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/profile/calendar/renew",                                   "/profile/calendar/renew",    LOGIN, 302, 302, 302, 302, 302, 302),
    R("GET",  "/positions/<int:position_id>/participants",                 P + "/participants",          LOGIN, 200, 200, 200, 200, 200, 403),
    R("POST", "/positions/<int:position_id>/participants",                 P + "/participants",          LOGIN, 403, 403, 403, 302, 403, 403,
      body=form(email="claire.martin@ecologie.example.fr", name="Claire Martin", administration="FR")),
    R("POST", "/positions/<int:position_id>/participants/<int:participant_id>/revoke", P + "/participants/{part}/revoke", LOGIN, 403, 403, 403, 302, 403, 403),
    # The matrix's position is still in its Belgian phase: it has no EU text yet, for anyone (tests/app/test_eu_text.py reads one).
    R("GET",  "/eu/positions/<int:position_id>",                           "/eu/positions/{pos}",        LOGIN, 404, 404, 404, 404, 404, 404),
    R("GET",  "/eu/positions/<int:position_id>/versions/<int:number>",     "/eu/positions/{pos}/versions/1", LOGIN, 404, 404, 404, 404, 404, 404),
    R("GET",  "/eu/positions/<int:position_id>/compare",                   "/eu/positions/{pos}/compare?from=1&to=draft", LOGIN, 404, 404, 404, 404, 404, 404),
    # In its EU draft: the EU text as Word for Belgian readers and the invited delegate; the Belgian position beside
    # the EU text for Belgian readers only (the delegate is told it is not there).
    R("GET",  "/eu/positions/<int:position_id>/export.docx",               "/eu/positions/{pos}/export.docx", LOGIN, 200, 200, 200, 200, 200, 404,
      setup=eu_phase, delegate=200),
    R("GET",  "/positions/<int:position_id>/eu-check",                     P + "/eu-check",              LOGIN, 200, 200, 200, 200, 200, 403,
      setup=eu_phase, delegate=404),
    # The EU consultation page (tests/app/test_eu_consultation.py): in the EU draft, Belgian readers and the invited delegate
    # read it; nothing is under EU consultation yet, so an answer on EU version 1 finds nothing to answer, for anyone.
    R("GET",  "/eu/positions/<int:position_id>/consultation",              "/eu/positions/{pos}/consultation", LOGIN, 200, 200, 200, 200, 200, 404,
      setup=eu_phase, delegate=200),
    R("POST", "/eu/positions/<int:position_id>/versions/<int:number>/consent", "/eu/positions/{pos}/versions/1/consent", LOGIN, 404, 404, 404, 404, 404, 404,
      body=form(state="agree"), setup=eu_phase, delegate=404),
    # In its EU draft: comments and suggestions on the EU text, by the Belgian commenters and the invited delegate
    # (tests/app/test_eu_comments.py has more); c_fl is a Belgian comment: on the EU pages it is not there.
    R("POST", "/eu/positions/<int:position_id>/clauses/<uid>/comments",    "/eu/positions/{pos}/clauses/{uid}/comments", LOGIN, 403, 302, 302, 302, 302, 404,
      body=form(kind="question", body="Which documentation?"), setup=eu_phase, delegate=302),
    R("POST", "/eu/positions/<int:position_id>/clauses/<uid>/suggest",     "/eu/positions/{pos}/clauses/{uid}/suggest", LOGIN, 403, 302, 302, 302, 302, 404,
      body=form(body="Belgium warmly thanks the Executive Secretary.", base_revision="{rev}"), setup=eu_phase, delegate=302),
    R("POST", "/eu/comments/<int:comment_id>/withdraw",                    "/eu/comments/{c_fl}/withdraw", LOGIN, 404, 404, 404, 404, 404, 404,
      setup=eu_phase),
    # An unknown invitation link is unknown to everyone.
    R("GET",  "/invitation/<secret>",                                      "/invitation/not-a-real-link", 404, 404, 404, 404, 404, 404, 404),
    R("POST", "/invitation/<secret>",                                      "/invitation/not-a-real-link", 404, 404, 404, 404, 404, 404, 404,
      body=form(new_password="a long enough password", confirm="a long enough password")),
    # Notifications: each user's own inbox and preferences; following needs read access to the position.
    R("GET",  "/admin/mail",                                               "/admin/mail",                LOGIN, 403, 403, 403, 403, 403, 200),
    R("GET",  "/notifications",                                            "/notifications",             LOGIN, 200, 200, 200, 200, 200, 200),
    R("POST", "/notifications/read",                                       "/notifications/read",        LOGIN, 302, 302, 302, 302, 302, 302, body=form(all="1")),
    R("POST", "/profile/notifications",                                    "/profile/notifications",     LOGIN, 302, 302, 302, 302, 302, 302,
      body=form(digest_hour="9", mode_reply="off")),
    R("POST", "/positions/<int:position_id>/follow",                       P + "/follow",                LOGIN, 302, 302, 302, 302, 302, 403, body=form(clause="{uid}")),
    # A badly signed unsubscribe link names nobody, whoever follows it.
    R("GET",  "/notifications/unsubscribe/<token>",                        "/notifications/unsubscribe/forged", 404, 404, 404, 404, 404, 404, 404),
    R("POST", "/notifications/unsubscribe/<token>",                        "/notifications/unsubscribe/forged", 404, 404, 404, 404, 404, 404, 404),
    R("GET",  "/kinds.css",                                                "/kinds.css",                 200,   200, 200, 200, 200, 200, 200),
    R("GET",  "/healthz",                                                  "/healthz",                   200,   200, 200, 200, 200, 200, 200),
    # ---- API ------------------------------------------------------------------------------------------------------------------
    R("POST", "/api/v1/tokens",                                            "/api/v1/tokens",             201,   201, 201, 201, 201, 201, 201, body=own_credentials(True),
      retired=401),
    R("GET",  "/api/v1/openapi.json",                                      "/api/v1/openapi.json",       200,   200, 200, 200, 200, 200, 200),
    R("GET",  "/api/v1/me",                                                "/api/v1/me",                 401,   200, 200, 200, 200, 200, 200),
    R("GET",  "/api/v1/me/notifications",                                  "/api/v1/me/notifications",   401,   200, 200, 200, 200, 200, 200),
    R("POST", "/api/v1/me/notifications/read",                             "/api/v1/me/notifications/read", 401, 200, 200, 200, 200, 200, 200, body=js(all=True)),
    R("GET",  "/api/v1/me/preferences",                                    "/api/v1/me/preferences",     401,   200, 200, 200, 200, 200, 200),
    R("PUT",  "/api/v1/me/preferences",                                    "/api/v1/me/preferences",     401,   200, 200, 200, 200, 200, 200, body=js(digest_hour=7)),
    R("POST", "/api/v1/positions/<int:position_id>/follow",                A + "/follow",                401,   200, 200, 200, 200, 200, 403),
    R("DELETE", "/api/v1/positions/<int:position_id>/follow",              A + "/follow",                401,   200, 200, 200, 200, 200, 403),
    R("GET",  "/api/v1/me/tasks",                                          "/api/v1/me/tasks",           401,   200, 200, 200, 200, 200, 200),
    R("GET",  "/api/v1/tokens",                                            "/api/v1/tokens",             401,   200, 200, 200, 200, 200, 200),
    R("DELETE", "/api/v1/tokens/current",                                  "/api/v1/tokens/current",     401,   200, 200, 200, 200, 200, 200),
    R("DELETE", "/api/v1/tokens/<int:token_id>",                           "/api/v1/tokens/{pen_api_token}", 401, 404, 404, 404, 200, 404, 404),
    R("GET",  "/api/v1/me/calendar",                                       "/api/v1/me/calendar",        401,   200, 200, 200, 200, 200, 200),
    R("POST", "/api/v1/me/calendar/reset",                                 "/api/v1/me/calendar/reset",  401,   200, 200, 200, 200, 200, 200),
    # A delegate gets the member states and EU institutions only (test_delegate_leaks checks no Belgian code is in it).
    R("GET",  "/api/v1/administrations",                                   "/api/v1/administrations",    401,   200, 200, 200, 200, 200, 200, delegate=200),
    R("GET",  "/api/v1/positions/<int:position_id>/participants",          A + "/participants",          401,   200, 200, 200, 200, 200, 403),
    R("GET",  "/api/v1/positions/<int:position_id>/eu-text.docx",          A + "/eu-text.docx",          401,   200, 200, 200, 200, 200, 404,
      setup=eu_phase, delegate=200),
    R("GET",  "/api/v1/positions/<int:position_id>/eu-check",              A + "/eu-check",              401,   200, 200, 200, 200, 200, 403,
      setup=eu_phase, delegate=404),
    R("POST", "/api/v1/positions/<int:position_id>/participants",          A + "/participants",          401,   403, 403, 403, 201, 403, 403,
      body=js(email="claire.martin@ecologie.example.fr", name="Claire Martin", administration="FR")),
    R("DELETE", "/api/v1/positions/<int:position_id>/participants/<int:participant_id>", A + "/participants/{part}", 401, 403, 403, 403, 200, 403, 403),
    R("GET",  "/api/v1/positions",                                         "/api/v1/positions",          401,   200, 200, 200, 200, 200, 403),
    R("GET",  "/api/v1/search",                                            "/api/v1/search?q=Belgium",   401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions",                                         "/api/v1/positions",          401,   403, 403, 403, 201, 403, 403, body=js(**POSITION, consulted=["VL-OMG"])),
    R("GET",  "/api/v1/positions/<int:position_id>",                       A,                            401,   200, 200, 200, 200, 200, 403),
    R("PATCH", "/api/v1/positions/<int:position_id>",                      A,                            401,   403, 403, 403, 200, 403, 403, body=js(title="Renamed")),
    R("POST", "/api/v1/positions/<int:position_id>/clauses",               A + "/clauses",               401,   403, 403, 403, 201, 403, 403, body=js(kind="text", body="Belgium welcomes it.")),
    R("PATCH", "/api/v1/positions/<int:position_id>/clauses/<uid>",        A + C,                        401,   403, 403, 403, 200, 403, 403,
      body=lambda w, role: {"json": {"body": "Belgium warmly thanks the Executive Secretary.", "base_revision": w.ids["rev"]}}),
    R("DELETE", "/api/v1/positions/<int:position_id>/clauses/<uid>",      A + C,                        401,   403, 403, 403, 200, 403, 403),
    R("POST", "/api/v1/positions/<int:position_id>/clauses/<uid>/move",    A + C + "/move",              401,   403, 403, 403, 200, 403, 403, body=js(after="{uid3}")),
    R("GET",  "/api/v1/positions/<int:position_id>/clauses/<uid>/history", A + C + "/history",           401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/clauses/<uid>/comments", A + C + "/comments",         401,   403, 201, 201, 201, 201, 403, body=js(kind="question", body="Which documentation?")),
    R("POST", "/api/v1/comments/<int:comment_id>/resolve",                 "/api/v1/comments/{c_fl}/resolve", 401, 403, 200, 403, 403, 403, 403, body=js(status="withdrawn")),
    R("GET",  "/api/v1/positions/<int:position_id>/comments",              A + "/comments",              401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/clauses/<uid>/suggestions", A + C + "/suggestions",  401,   403, 201, 201, 201, 201, 403,
      body=lambda w, role: {"json": {"body": "Belgium warmly thanks the Executive Secretary.", "base_revision": w.ids["rev"]}}),
    R("POST", "/api/v1/positions/<int:position_id>/amendments/decide-all", A + "/amendments/decide-all", 401, 403, 403, 403, 200, 403, 403,
      body=js(administration="VL-OMG", status="rejected")),
    R("POST", "/api/v1/comments/<int:comment_id>/endorsements",            "/api/v1/comments/{c_mv}/endorsements", 401, 403, 422, 201, 403, 403, 403),
    R("DELETE", "/api/v1/comments/<int:comment_id>/endorsements",          "/api/v1/comments/{c_mv}/endorsements", 401, 403, 422, 200, 403, 403, 403),
    R("GET",  "/api/v1/positions/<int:position_id>/compare",               A + "/compare?from=1&to=draft", 401, 200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/versions",              A + "/versions",              401,   403, 403, 403, 201, 403, 403, body=js(note="For the lead")),
    R("GET",  "/api/v1/positions/<int:position_id>/versions/<int:number>", A + "/versions/1",            401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/consultations",         A + "/consultations",         401,   403, 403, 403, 201, 403, 403,
      body=js(deadline=DEADLINE), setup=close_consultation),
    R("GET",  "/api/v1/positions/<int:position_id>/versions/<int:number>/consents", A + "/versions/1/consents", 401, 200, 200, 200, 200, 200, 403),
    R("PUT",  "/api/v1/positions/<int:position_id>/versions/<int:number>/consent", A + "/versions/1/consent", 401, 403, 200, 403, 403, 403, 403, body=js(state="agree")),
    # The EU consultation (tests/app/test_eu_consultation.py), in the EU draft: read as the page is; nothing to answer yet.
    R("GET",  "/api/v1/eu/positions/<int:position_id>/consultation",       "/api/v1/eu/positions/{pos}/consultation", 401, 200, 200, 200, 200, 200, 404,
      setup=eu_phase, delegate=200),
    R("PUT",  "/api/v1/eu/positions/<int:position_id>/versions/<int:number>/consent", "/api/v1/eu/positions/{pos}/versions/1/consent",
      401, 404, 404, 404, 404, 404, 404, body=js(state="agree"), setup=eu_phase, delegate=404),
    R("POST", "/api/v1/positions/<int:position_id>/versions/<int:number>/approval", A + "/versions/1/approval", 401, 403, 403, 403, 403, 201, 403, body=js(decision="approve")),
    R("GET",  "/api/v1/positions/<int:position_id>/transitions",           A + "/transitions",           401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/transitions/<name>",    A + "/transitions/revise",    401,   403, 403, 403, 200, 403, 403, body=js(note="More work")),
    R("GET",  "/api/v1/positions/<int:position_id>/events",                A + "/events",                401,   200, 200, 200, 200, 200, 403),
    R("GET",  "/api/v1/positions/<int:position_id>/export.docx",           A + "/export.docx?version=1", 401,   200, 200, 200, 200, 200, 403),
    R("GET",  "/api/v1/positions/<int:position_id>/export.csv",            A + "/export.csv",            401,   200, 200, 200, 200, 200, 403),
    # ---- official documents (officials read, the pen-holder manages, the delegation records the plenary) ----------------
    R("GET",  "/api/v1/official-documents",                                "/api/v1/official-documents", 401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/official-documents",                                "/api/v1/official-documents", 401,   403, 403, 403, 201, 403, 403,
      body=official_upload),
    R("GET",  "/api/v1/official-documents/<int:document_id>",              "/api/v1/official-documents/{doc}", 401, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("GET",  "/api/v1/official-documents/<int:document_id>/compare",      "/api/v1/official-documents/{doc}/compare?to={rev1}", 401, 200, 200, 200, 200, 200, 403,
      **OFFICIAL),
    R("POST", "/api/v1/positions/<int:position_id>/clauses/<uid>/links",   A + C + "/links",             401,   403, 403, 403, 201, 403, 403,
      body=lambda w, role: {"json": {"document": w.ids["rev1"], "paragraph": "2 (a)"}}, **OFFICIAL),
    R("DELETE", "/api/v1/positions/<int:position_id>/clauses/<uid>/links/<int:link_id>", A + C + "/links/{link}", 401, 403, 403, 403, 200, 403, 403,
      **OFFICIAL),
    R("POST", "/api/v1/positions/<int:position_id>/clauses/<uid>/official-review", A + C + "/official-review", 401, 403, 403, 403, 200, 403, 403,
      **OFFICIAL),
    R("GET",  "/api/v1/positions/<int:position_id>/coverage",              A + "/coverage?document={doc}", 401,  200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("PUT",  "/api/v1/positions/<int:position_id>/plenary/<int:document_id>/<paragraph>", A + "/plenary/{rev1}/1", 401, 403, 403, 403, 200, 200, 403,
      body=lambda w, role: {"json": {"outcome": "agreed"}}, **OFFICIAL),
    R("GET",  "/api/v1/official-documents/<int:document_id>/comments",     "/api/v1/official-documents/{rev1}/comments", 401, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    R("POST", "/api/v1/official-documents/<int:document_id>/comments",     "/api/v1/official-documents/{rev1}/comments", 401, 403, 201, 201, 201, 201, 403,
      body=js(paragraph="2 (a)", page=2, line="4", comment="Add a date."), **OFFICIAL),
    R("POST", "/api/v1/official-comments/<int:comment_id>/adopt",          "/api/v1/official-comments/{ocom}/adopt", 401, 403, 403, 403, 201, 403, 403,
      body=js(comment="Belgium welcomes it."), **OFFICIAL),
    R("DELETE", "/api/v1/official-comments/<int:comment_id>",              "/api/v1/official-comments/{bcom}", 401,   403, 403, 403, 200, 403, 403, **OFFICIAL),
    R("GET",  "/api/v1/official-documents/<int:document_id>/comments.csv", "/api/v1/official-documents/{rev1}/comments.csv", 401, 200, 200, 200, 200, 200, 403,
      **OFFICIAL),
    R("GET",  "/api/v1/official-documents/<int:document_id>/comments.docx", "/api/v1/official-documents/{rev1}/comments.docx", 401, 200, 200, 200, 200, 200, 403,
      **OFFICIAL),
    R("GET",  "/api/v1/official-documents/<int:document_id>/comments.xlsx", "/api/v1/official-documents/{rev1}/comments.xlsx", 401, 200, 200, 200, 200, 200, 403,
      **OFFICIAL),
    R("GET",  "/api/v1/positions/<int:position_id>/plenary/<int:document_id>.docx", A + "/plenary/{rev1}.docx",
      401, 200, 200, 200, 200, 200, 403, **OFFICIAL),
    # PDF (LibreOffice): the export's rights; 'comments_table' is the quickest file to convert
    R("GET",  "/api/v1/positions/<int:position_id>/export.pdf",            A + "/export.pdf?layout=comments_table", 401, 200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/positions/<int:position_id>/import",                A + "/import",                401,   403, 201, 403, 403, 403, 403, body=upload("reviewed")),
    R("POST", "/api/v1/positions/import",                                  "/api/v1/positions/import",   401,   403, 403, 403, 201, 403, 403, body=upload("docx", **POSITION)),
    R("GET",  "/api/v1/library",                                           "/api/v1/library?q=nexus",    401,   200, 200, 200, 200, 200, 403),
    R("POST", "/api/v1/library",                                           "/api/v1/library",            401,   403, 403, 403, 201, 201, 403,
      body=js(text="Welcomes the nexus assessment.", status="adopted_plenary")),
    R("GET",  "/api/v1/library/<int:entry_id>",                            "/api/v1/library/{entry}",    401,   200, 200, 200, 200, 200, 403),
    R("PATCH", "/api/v1/library/<int:entry_id>",                           "/api/v1/library/{entry}",    401,   403, 403, 403, 200, 200, 403,
      body=js(notes="Also in the EU statement.")),
]
ROW_BY_KEY = {(r.method, r.rule): r for r in ROWS}
assert len(ROW_BY_KEY) == len(ROWS), "one row per route and method"


def routes(app) -> set[tuple[str, str]]:
    """Every (method, rule) the app answers, HEAD and OPTIONS aside."""
    return {(m, rule.rule) for rule in app.url_map.iter_rules() for m in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_a_row(app):
    missing = sorted(routes(app) - set(ROW_BY_KEY))
    assert not missing, "routes without a row in the authorization matrix: " + ", ".join(f"{m} {r}" for m, r in missing)


def needs_files(row: Row) -> bool:
    return row.body is not None and getattr(row.body, "files", False)


def build_world(app, session, files: bool) -> World:
    """A position under consultation on version 1, comments by a consulted and a non-consulted official, pending uploads."""
    from tests.factories import People

    people = People(session)
    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)  # takes version 1 and opens the consultation
    draft = drafting.draft(session, pos)
    uid = draft[1].uid
    c_fl = comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="Flemish remark.")
    c_out = comments.post_comment(session, people.outsider, pos, uid, kind="comment", body="Foreign affairs remark.")
    moved = user(session, "official", "VL-OMG", email="moved@example.be", name="Moved Official")
    c_mv = comments.post_comment(session, moved, pos, uid, kind="reservation", body="Flemish reservation, before the move.")
    accounts.update_user(session, people.admin, moved, name=moved.name, email=moved.email, administration_code="FPS-FA",
                         role="official", active=True)
    pen_api_token = accounts.token_for(session, accounts.issue_token(session, people.pen, label="Matrix script"))
    entry = library.create_entry(session, people.pen, text="Recognises indigenous and local knowledge.", meeting="IPBES-10")
    administrations_eu(session)
    invited = participants.invite(session, people.pen, pos, email="anna.schmidt@bmuv.example.de", name="Anna Schmidt",
                                  administration="DE")
    participants.accept(session, invited.secret, PASSWORD)
    session.commit()
    ids = {
        "pos": pos.id, "uid": uid, "uid3": draft[3].uid, "rev": draft[1].revision.id, "c_fl": c_fl.id, "c_out": c_out.id,
        "c_mv": c_mv.id, "flemish": people.flemish.id, "vl": people.flemish.administration_id, "pen_api_token": pen_api_token.id,
        "entry": entry.id,
        "part": invited.participant.id,
    }
    users = {"viewer": people.viewer, "official": people.flemish, "other": people.outsider, "pen": people.pen,
             "lead": people.lead, "admin": people.admin, "moved": moved, "retired": people.brussels,
             "delegate": invited.participant.user}
    world = World(ids, users)
    if files:
        world.docx = export_position(session, people.pen, pos, parse_options({"version": "1"})).data
        world.reviewed = add_comment(world.docx, "Executive Secretary", "Name the documents.", author="Jan Janssens")
        ids["fl_token"] = uploads.keep(session, people.flemish.id, f"reviewed:{pos.id}", "reviewed.docx", world.reviewed)
        ids["pen_token"] = uploads.keep(session, people.pen.id, "new", "position.docx", world.docx)
        ids["lib_token"] = uploads.keep(session, people.pen.id, "library", "decision.docx", world.docx)
        from tests.official.documents import spm
        ids["off_token"] = uploads.keep(session, people.pen.id, "official", "spm.docx", spm())
        session.commit()
    return world


def world_with_every_setup(app, session, files: bool) -> World:
    """One world where every row's URL can be filled: each distinct setup of the rows run once."""
    world = build_world(app, session, files)
    for setup in dict.fromkeys(row.setup for row in ROWS if row.setup):
        setup(world)
    return world


def reset_database(backend: str) -> None:
    """Empty every table (between two successful changes in one row)."""
    db.session.remove()
    if backend == "postgresql":
        from tests.conftest import _reset_postgres

        _reset_postgres()
    else:
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)


def events(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Event))


def authenticate(client, row: Row, world: World, role: str) -> dict[str, str]:
    """Log in through the form (web) or issue a bearer token (API); anon does neither.

    The retired official logs in (or gets a token) while BXL-ENV is still active; then it is deactivated.
    """
    if role == "anon":
        return {}
    headers = {}
    if row.rule.startswith("/api/"):
        raw = accounts.issue_token(db.session, world.users[role])
        db.session.commit()
        headers = {"Authorization": f"Bearer {raw}"}
    else:
        assert login(client, world.users[role]).status_code == 302
    if role == "retired":
        set_administration_active(world.users[role], False)
    return headers


def set_administration_active(person, active: bool) -> None:
    """(De)activate a person's administration directly, as the admin would."""
    db.session.get(type(person.administration), person.administration_id).active = active
    db.session.commit()


def ids_for(world: World, role: str) -> dict[str, Any]:
    """The moved official's `c_fl` is their own comment from their old administration."""
    return {**world.ids, "c_fl": world.ids["c_mv"]} if role == "moved" else world.ids


def observed(response, row: Row, expected) -> int | str:
    status = LOGIN if response.status_code == 302 and "/login" in response.headers.get("Location", "") else response.status_code
    if status == LOGIN and expected == 302 and row.rule in ("/login", "/logout", "/locale"):
        return 302  # logging out (or in) lands on the login page by design
    return status


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.rule}" for r in ROWS])
def test_matrix(app, backend, row: Row):
    """Each role in turn, refused roles first; the world is rebuilt after any request that changed something."""
    if (row.method, row.rule) not in routes(app):
        pytest.skip(f"{row.method} {row.rule} does not exist (yet)")
    order = sorted(ROLES, key=lambda role: row.expected[role] not in REFUSED)
    world, problems = None, []
    for n, role in enumerate(order):
        if world is None:
            if n:
                reset_database(backend)
            world = build_world(app, db.session, needs_files(row))
            if row.setup:
                row.setup(world)
        client = app.test_client()
        headers = authenticate(client, row, world, role)
        before = events(db.session)
        kwargs = row.body(world, role) if row.body else {}
        response = client.open(row.url.format(**ids_for(world, role)), method=row.method, headers=headers, **kwargs)
        if role == "retired":
            set_administration_active(world.users[role], True)
        expected, status = row.expected[role], observed(response, row, row.expected[role])
        if status != expected and not (expected == DENIED and status in (403, 404)):
            problems.append(f"{role}: expected {expected}, got {response.status_code} {response.get_data(as_text=True)[:200]!r}")
        changed = events(db.session) != before
        if changed and expected in REFUSED:
            problems.append(f"{role}: refused, yet the audit log grew")
        if changed or (row.method != "GET" and expected not in REFUSED):
            world = None
    assert not problems, f"{row.method} {row.rule}\n" + "\n".join(problems)
