"""Member-state delegates hear of the EU things that concern their member state, and of nothing else (issue 17).

An EU round that asks their state (opened, reminded while unanswered, concluded), a reply in an EU thread their
state wrote in, the decision on their state's EU comment or suggestion: in the inbox and by mail as they chose.
Never a Belgian-phase event, never a Belgian official or administration (the Belgian side is "BE / Belgium" as
on the EU pages), never a note; nothing for delegates of other positions, revoked delegates or states not asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.cli.demo_data import ADMINISTRATIONS
from app.notify.texts import notification_text
from app.notify.worker import run_once
from positions.member_states import is_belgian
from positions.models import Consultation, Notification
from positions.services import (
    accounts,
    approvals,
    comments,
    consultations,
    drafting,
    notifications,
    participants,
    versions,
)
from tests import factories
from tests.helpers import login
from workflows import eu_comments
from workflows.service import fire_transition

PASSWORD = "ein sicheres Passwort"
DEADLINE = "2099-12-31"
SECRET = "qxBELGIANSECRETNOTE"  # written on the Belgian side only: no delegate may ever read it
INVITER = "Anne Peeters"  # the pen-holder: her invitation names her (and nothing else Belgian), as before
BELGIAN_CODES = tuple(code for code, _, kind in ADMINISTRATIONS if is_belgian(kind))


def _delegate(session, people, pos, code, email, name):
    invited = participants.invite(session, people.pen, pos, email=email, name=name, administration=code)
    participants.accept(session, invited.secret, PASSWORD)
    session.commit()
    return invited.participant


@pytest.fixture
def belgian(session, people):
    """A position through its Belgian phase, Anna (DE) invited to it from the start; Belgian comments full of secrets."""
    factories.administrations_eu(session)
    accounts.update_user(session, people.admin, people.pen, name=INVITER, email=people.pen.email, administration_code="BBPF",
                         role="pen_holder", active=True)
    pos = factories.position(session, people.pen)
    anna = _delegate(session, people, pos, "DE", "anna@bmuv.example.de", "Anna Schmidt").user
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    text = drafting.draft(session, pos)[1]
    said = comments.post_comment(session, people.flemish, pos, text.uid, kind="amendment", body=f"Belgian {SECRET}",
                                 proposed_text=f"{text.revision.body} {SECRET}")
    comments.post_comment(session, people.walloon, pos, text.uid, kind="comment", body=f"@Anna Schmidt {SECRET}", parent_id=said.id)
    comments.resolve(session, people.pen, pos, said, "rejected", f"Noted {SECRET}")
    version = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree", note=SECRET)
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()
    fire_transition(pos, "conclude", people.lead)
    session.commit()
    return SimpleNamespace(pos=pos, anna=anna, text=text.uid)


@pytest.fixture
def eu(session, people, belgian):
    """The EU phase: Anna and Jonas (DE, revoked) and Claire (FR) invited; Nora (DE) on another position; the EU text
    submitted (EU version 1, version 2 of the position); Olga (AT) invited only after the round opened."""
    pos = belgian.pos
    fire_transition(pos, "start_eu", people.pen)
    claire = _delegate(session, people, pos, "FR", "claire@example.fr", "Claire Martin").user
    jonas = _delegate(session, people, pos, "DE", "jonas@bmuv.example.de", "Jonas Weber")
    participants.revoke(session, people.pen, pos, jonas.id)
    other = factories.position(session, people.pen, title="Budget of the Platform")
    nora = _delegate(session, people, other, "DE", "nora@auswaertiges-amt.example.de", "Nora Becker").user
    session.commit()
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    session.commit()
    olga = _delegate(session, people, pos, "AT", "olga@bmk.example.at", "Olga Huber").user
    return SimpleNamespace(**vars(belgian), claire=claire, jonas=jonas.user, nora=nora, olga=olga,
                           consultation=consultations.open_consultation_of(session, pos))


def told(session, user) -> list[tuple[str, str, str]]:
    """(kind, text in English, link) of every notification the user has, oldest first."""
    session.expire_all()
    found = session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.kind != "invitation")
                            .order_by(Notification.id))
    with force_locale("en"):
        return [(n.kind, notification_text(n), n.link) for n in found]


def forbidden(people) -> list[str]:
    """What a delegate must never read: the secret, the Belgian codes, the Belgian people's names."""
    names = [u.name for u in (people.lead, people.flemish, people.walloon, people.brussels, people.viewer)]
    return [SECRET, *BELGIAN_CODES, *names]


def mail_text(message) -> str:
    """A mail's subject and its plain and HTML bodies."""
    return "\n".join([str(message["Subject"]), *(p.get_content() for p in message.walk() if p.get_content_maintype() == "text")])


def test_the_belgian_phase_tells_a_delegate_nothing(app, session, people, belgian):
    assert told(session, belgian.anna) == []
    assert told(session, people.flemish)  # the Belgian side was told (its consultation, the decision on its amendment)


def test_an_eu_round_tells_the_delegates_of_the_states_it_asks_with_its_eu_version(app, session, people, eu):
    link = f"/eu/positions/{eu.pos.id}/consultation"
    [(kind, text, href)] = told(session, eu.anna)
    assert (kind, href) == ("consultation_opened", link)
    assert text.startswith("BE / Belgium asks Germany about EU version 1 of “Belgian position on the work programme” until 31 December 2099")
    [(kind, text, href)] = told(session, eu.claire)
    assert (kind, href) == ("consultation_opened", link) and "asks France about EU version 1" in text
    for nobody in (eu.jonas, eu.nora, eu.olga):  # revoked; invited to another position; of a state invited after it opened
        assert told(session, nobody) == []
    assert [(k, h) for k, t, h in told(session, people.flemish) if "v2" in t] == [("consultation_opened", f"/positions/{eu.pos.id}/consultation")]


def test_a_reply_reaches_the_delegates_of_the_states_that_wrote_in_the_thread(app, session, people, eu):
    question = eu_comments.post(session, eu.anna, eu.pos.id, eu.text, kind="question", body="Which documentation?")
    session.commit()
    before = {u.id: len(told(session, u)) for u in (eu.anna, eu.claire, eu.jonas, eu.nora)}
    answer = eu_comments.post(session, people.flemish, eu.pos.id, eu.text, body="The annex.", parent_id=question.id)
    session.commit()
    clause = "Belgium thanks the Executive Secretary for the documentat…"  # the clause's first words
    [(kind, text, href)] = told(session, eu.anna)[before[eu.anna.id]:]
    assert kind == "reply" and href == f"/eu/positions/{eu.pos.id}#comment-{answer.id}"
    assert text == f"BE / Belgium replied to the EU comment of Germany on “{clause}” in “Belgian position on the work programme”."
    assert len(told(session, eu.claire)) == before[eu.claire.id]  # France did not write in this thread
    eu_comments.post(session, eu.claire, eu.pos.id, eu.text, body="Merci.", parent_id=question.id)
    session.commit()
    assert told(session, eu.anna)[-1][1].startswith("FR / Claire Martin replied to the EU comment of Germany")
    eu_comments.post(session, people.walloon, eu.pos.id, eu.text, body="You are welcome.", parent_id=question.id)
    session.commit()
    assert told(session, eu.claire)[-1][1].startswith("BE / Belgium replied in an EU thread France took part in")
    assert len(told(session, eu.anna)) == before[eu.anna.id] + 3
    for nobody in (eu.jonas, eu.nora):
        assert len(told(session, nobody)) == before[nobody.id]


def test_a_belgian_comment_or_reply_never_reaches_a_delegate(app, session, people, eu):
    before = len(told(session, eu.anna))
    belgian = comments.post_comment(session, people.flemish, eu.pos, eu.text, kind="comment", body=f"@Anna Schmidt {SECRET}")
    comments.post_comment(session, people.walloon, eu.pos, eu.text, kind="comment", body=SECRET, parent_id=belgian.id)
    comments.resolve(session, people.pen, eu.pos, belgian, "resolved", SECRET)
    session.commit()
    assert len(told(session, eu.anna)) == before


def test_the_decision_on_a_state_s_suggestion_or_comment_reaches_its_delegates(app, session, people, eu):
    rev = drafting.draft(session, eu.pos)[1].revision.id
    first, second = eu_comments.suggest(session, eu.anna, eu.pos.id, eu.text, base_revision=rev,
                                        body="Belgium warmly thanks the Executive Secretary for the full documentation.")
    remark = eu_comments.post(session, eu.anna, eu.pos.id, eu.text, kind="comment", body="Fine.")
    session.commit()
    before = {u.id: len(told(session, u)) for u in (eu.anna, eu.claire, eu.jonas)}
    comments.resolve(session, people.pen, eu.pos, first, "accepted", f"Accepted {SECRET}")
    comments.resolve(session, people.pen, eu.pos, second, "rejected", f"Rejected {SECRET}")
    comments.resolve(session, people.pen, eu.pos, remark, "resolved", f"Seen {SECRET}")
    session.commit()
    got = told(session, eu.anna)[before[eu.anna.id]:]
    assert [k for k, _, _ in got] == ["amendment_decided"] * 3
    assert [t.rsplit(" was ", 1)[1] for _, t, _ in got] == ["accepted.", "rejected.", "resolved."]
    assert got[0][1].startswith("The suggestion of Germany on “Belgium thanks the Executive Secretary")
    assert got[2][1].startswith("The EU comment of Germany on") and got[2][2] == f"/eu/positions/{eu.pos.id}#comment-{remark.id}"
    assert not any(SECRET in text for _, text, _ in got)
    assert len(told(session, eu.claire)) == before[eu.claire.id] and len(told(session, eu.jonas)) == before[eu.jonas.id]


def test_the_round_s_outcome_reaches_the_states_it_asked_and_not_a_revoked_delegate(app, session, people, eu):
    participants.revoke(session, people.pen, eu.pos, participants.list_participants(session, people.pen, eu.pos)[1].id)  # Claire
    session.commit()
    fire_transition(eu.pos, "revise", people.pen, note=SECRET)
    session.commit()
    assert told(session, eu.anna)[-1] == (
        "consultation_concluded", "The EU consultation on EU version 1 of “Belgian position on the work programme” was withdrawn.",
        f"/eu/positions/{eu.pos.id}/consultation")
    assert [k for k, _, _ in told(session, eu.claire)] == ["consultation_opened"]  # nothing after her revocation
    for nobody in (eu.jonas, eu.nora, eu.olga):
        assert told(session, nobody) == []


def test_the_round_closed_at_its_deadline_tells_the_asked_states_its_outcome(app, session, people, eu):
    run_once(datetime(2100, 1, 1, 12))
    session.expire_all()
    assert session.get(Consultation, eu.consultation.id).closed_at is not None
    assert told(session, eu.anna)[-1][:2] == (
        "consultation_concluded", "The EU consultation on EU version 1 of “Belgian position on the work programme” was concluded with consensus.")
    assert told(session, eu.olga) == [] and told(session, eu.nora) == []


def test_reminders_reach_the_delegates_of_the_states_that_have_not_answered(app, session, people, eu):
    consultations.answer(session, eu.claire, eu.pos, eu.consultation.version, "agree")
    session.commit()
    deadline = eu.consultation.deadline
    reminded = run_once(deadline - timedelta(hours=47)).reminders
    assert reminded == 4  # Anna, and the three Belgian administrations' officials consulted in the same round
    assert told(session, eu.anna)[-1] == (
        "consultation_reminder", "Reminder: Germany has not answered the EU consultation on EU version 1 of “Belgian position on "
        "the work programme”; the deadline is 31 December 2099, 23:59 Central European Standard Time.",
        f"/eu/positions/{eu.pos.id}/consultation")
    assert [k for k, _, _ in told(session, eu.claire)] == ["consultation_opened"]
    for nobody in (eu.jonas, eu.nora, eu.olga):
        assert told(session, nobody) == []
    assert run_once(deadline - timedelta(hours=46)).reminders == 0  # once per threshold


def test_mails_inbox_and_digest_of_a_delegate_hold_nothing_belgian(app, client, session, people, eu, smtp):
    eu.claire.locale = "fr"  # her mail in her language, the replies in her digest
    notifications.set_preferences(session, eu.claire, {"reply": "digest"}, digest_hour=8)
    question = eu_comments.post(session, eu.anna, eu.pos.id, eu.text, kind="question", body="Which documentation?")
    eu_comments.post(session, eu.claire, eu.pos.id, eu.text, body="Also the date?", parent_id=question.id)
    eu_comments.post(session, people.flemish, eu.pos.id, eu.text, body="The annex.", parent_id=question.id)
    comments.resolve(session, people.pen, eu.pos, question, "resolved", f"Answered {SECRET}")
    session.commit()
    run_once(datetime(2099, 12, 29, 12))  # mail now; reminders (48 h before); France's digest at 08:00
    run_once(datetime(2099, 12, 30, 8, 30))
    texts = [t for t in map(mail_text, smtp.to(eu.anna.email) + smtp.to(eu.claire.email)) if "/invitation/" not in t]
    assert len(smtp.to(eu.anna.email)) == 1 + 5  # her invitation; the round, two replies, the decision, the reminder
    [digest] = [t for t in texts if t.startswith("Votre résumé Plenipo : 1 notifications")]
    assert "Bonjour Claire Martin" in digest and "BE / Belgium a répondu dans une discussion UE à laquelle France a participé" in digest  # in her language
    for text in texts:
        assert not [word for word in [*forbidden(people), INVITER] if word in text], text
    assert any("BE / Belgium replied" in t and f"https://plenipo.example.be/eu/positions/{eu.pos.id}#comment-" in t for t in texts)
    for nobody in (eu.jonas, eu.nora, eu.olga):
        assert [t for t in map(mail_text, smtp.to(nobody.email)) if "/invitation/" not in t] == []  # their invitation only
    login(client, eu.anna, PASSWORD)
    inbox = client.get("/notifications").get_data(as_text=True)
    assert f'href="/eu/positions/{eu.pos.id}/consultation"' in inbox and "EU version 1" in inbox
    assert not [word for word in forbidden(people) if word in inbox]


def test_a_delegate_chooses_the_mail_of_the_kinds_they_can_be_told_of_only(app, client, session, people, eu):
    login(client, eu.anna, PASSWORD)
    page = client.get("/profile").get_data(as_text=True)
    assert 'name="mode_reply"' in page and 'name="mode_consultation_reminder"' in page
    assert 'name="mode_approval_requested"' not in page and 'name="mode_followed_change"' not in page
    eu_kinds = ("consultation_opened", "consultation_reminder", "consultation_concluded", "amendment_decided", "reply")
    form = {f"mode_{kind}": "digest" for kind in eu_kinds} | {"mode_reply": "off", "digest_hour": "7"}
    saved = client.post("/profile/notifications", data=form)
    assert saved.status_code == 302
    chosen = notifications.preferences(session, eu.anna)
    assert chosen["email"]["reply"] == "off" and chosen["email"]["consultation_opened"] == "digest" and chosen["digest_hour"] == 7
    assert chosen["email"]["approval_requested"] == "immediate"  # not hers to choose: left as it was
