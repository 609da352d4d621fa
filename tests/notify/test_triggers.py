"""Each event that reaches people, proved with a real SMTP server: who gets a mail, in which language, with which links."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.notify.worker import run_once
from positions.clock import now
from positions.models import Consent, Notification
from positions.services import (
    approvals,
    comments,
    consultations,
    drafting,
    editing,
    notifications,
    versions,
)
from tests.factories import position
from tests.helpers import login


def _consult(session, people, days=3, **kwargs):
    pos = position(session, people.pen, **kwargs)
    consultation = consultations.consult(session, people.pen, pos, None, now() + timedelta(days=days))
    session.commit()
    return pos, consultation


def _body(message, subtype="plain") -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def test_consultation_opened_mails_every_official_of_each_consulted_administration_in_their_language(session, people, smtp):
    people.walloon.locale = "fr"
    session.commit()
    pos, consultation = _consult(session, people)
    assert run_once().sent == 3
    assert smtp.recipients() == sorted([people.flemish.email, people.walloon.email, people.brussels.email])
    [fr] = smtp.to(people.walloon.email)
    assert "demande à votre administration" in str(fr["Subject"]) or "v1" in str(fr["Subject"])
    text, html = _body(fr), _body(fr, "html")
    assert f"https://plenipo.example.be/positions/{pos.id}/consultation" in text
    assert f'href="https://plenipo.example.be/positions/{pos.id}/consultation"' in html
    assert "Belgian position on the work programme" in text and "v1" in text
    assert "CET" in text or "CEST" in text or "heure" in text  # the deadline with its zone
    assert str(fr["From"]) == "Plenipo <no-reply@plenipo.example.be>" and str(fr["Reply-To"]) == "bbpf@example.be"
    assert fr["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in str(fr["List-Unsubscribe"])
    [en] = smtp.to(people.flemish.email)
    assert "silence counts as agreement" in _body(en)
    assert run_once().sent == 0  # each mail once


def test_a_change_that_rolls_back_notifies_nobody(session, people, smtp):
    pos = position(session, people.pen)
    consultations.consult(session, people.pen, pos, None, now() + timedelta(days=3))
    session.rollback()
    assert session.scalars(select(Notification)).all() == []
    assert run_once().sent == 0 and smtp.messages == []


def test_reminders_48_and_4_hours_before_only_to_who_has_not_answered(session, people, smtp):
    pos, consultation = _consult(session, people, days=5)
    version = versions.get_version(session, pos, 1)
    consultations.answer(session, people.flemish, pos, version, "agree")
    session.commit()
    run_once()
    smtp.messages.clear()
    deadline = consultation.deadline
    assert run_once(deadline - timedelta(hours=47)).reminders == 2
    assert smtp.recipients() == sorted([people.walloon.email, people.brussels.email])
    assert run_once(deadline - timedelta(hours=46)).reminders == 0  # once per threshold
    consultations.answer(session, people.walloon, pos, version, "agree")
    session.commit()
    smtp.messages.clear()
    assert run_once(deadline - timedelta(hours=3)).reminders == 1
    assert smtp.recipients() == [people.brussels.email]
    assert "Reminder" in str(smtp.messages[0]["Subject"])


def test_the_worker_applies_the_deadline_and_tells_the_consulted_and_the_pen_holder(session, people, smtp):
    pos, consultation = _consult(session, people)
    consultations.answer(session, people.flemish, pos, versions.get_version(session, pos, 1), "agree")
    session.commit()
    run_once()
    smtp.messages.clear()
    report = run_once(consultation.deadline + timedelta(minutes=1))
    assert report.deadlines == 1
    states = {c.administration.code: c.state for c in session.scalars(select(Consent).execution_options(populate_existing=True))}
    assert states == {"VL-OMG": "agree", "SPW-ARNE": "silent", "BXL-ENV": "silent"}
    # The consultation closes too: the lead is asked to approve, everyone else hears once of silence and consensus.
    assert smtp.recipients() == sorted([people.pen.email, people.flemish.email, people.walloon.email, people.brussels.email,
                                        people.lead.email])
    assert "silence counts as agreement for" in _body(smtp.to(people.pen.email)[0])
    assert "SPW-ARNE" in _body(smtp.to(people.pen.email)[0])
    assert run_once(consultation.deadline + timedelta(minutes=2)).deadlines == 0


def test_consultation_concluded_tells_everyone_and_asks_the_lead_to_approve(session, people, smtp):
    pos, consultation = _consult(session, people)
    version = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    consultations.close_consultation(session, people.pen, consultation, "consensus")
    session.commit()
    smtp.messages.clear()
    session.query(Notification).update({"mail": "sent"})
    session.commit()
    kinds = {n.user_id: n.kind for n in session.scalars(select(Notification).where(Notification.event_id.isnot(None)))
             if n.kind in ("consultation_concluded", "approval_requested")}
    assert kinds[people.lead.id] == "approval_requested"
    assert kinds[people.flemish.id] == "consultation_concluded"
    assert people.pen.id not in kinds  # the actor is not told of their own act


def test_approval_given_or_refused_reaches_the_pen_holder(session, people, smtp):
    pos = position(session, people.pen)
    version = versions.take_version(session, people.pen, pos, "v1")
    approvals.decide(session, people.lead, pos, version, "reject", "Paragraph 3 goes too far.")
    session.commit()
    run_once()
    [mail] = smtp.messages
    assert str(mail["To"]).endswith(f"<{people.pen.email}>")
    assert "rejected v1" in str(mail["Subject"]) and "Paragraph 3 goes too far." in _body(mail)


def _comment_on(session, pos, author, body, **kwargs):
    uid = drafting.draft(session, pos)[1].uid
    comment = comments.post_comment(session, author, pos, uid, body=body, kind="comment", **kwargs)
    session.commit()
    return uid, comment


def test_amendment_accepted_or_rejected_reaches_its_administration(session, people, smtp):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    text = drafting.draft(session, pos)[1].revision.body
    amendment = comments.post_comment(session, people.walloon, pos, uid, body="Clearer", kind="amendment",
                                      quote="thanks", proposed_text="warmly thanks")
    session.commit()
    comments.resolve(session, people.pen, pos, amendment, "rejected", "Not now")
    session.commit()
    run_once()
    assert smtp.recipients() == [people.walloon.email]
    assert "was rejected" in _body(smtp.messages[0])
    assert "amendment on “1.1 Belgium thanks the Executive Secretary" in _body(smtp.messages[0])  # the number pages show
    assert text  # the clause was there to amend


def test_replies_and_mentions_reach_who_they_name_and_unknown_mentions_are_plain_text(session, people, smtp):
    pos = position(session, people.pen)
    uid, first = _comment_on(session, pos, people.flemish, "Is this agreed?")
    comments.post_comment(session, people.pen, pos, uid, body="@Marie Lambert and @BXL-ENV, see @Nobody Here.",
                           kind="comment", parent_id=first.id)
    session.commit()
    run_once()
    kinds = {n.user.email: n.kind for n in session.scalars(select(Notification))}
    assert kinds == {people.flemish.email: "reply", people.walloon.email: "mention", people.brussels.email: "mention"}
    assert len(smtp.messages) == 3


def test_followers_hear_of_changes_on_what_they_follow(session, people, smtp):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    notifications.follow(session, people.flemish, pos)
    notifications.follow(session, people.walloon, pos, draft[2].uid)
    session.commit()
    editing.edit_clause(session, people.pen, pos, draft[1].uid, body="Belgium thanks the Secretariat.", base_revision=draft[1].revision.id)
    session.commit()
    run_once()
    assert smtp.recipients() == [people.flemish.email]
    editing.edit_clause(session, people.pen, pos, draft[2].uid, body="Belgium supports it.", base_revision=draft[2].revision.id)
    session.commit()
    smtp.messages.clear()
    run_once()
    assert smtp.recipients() == sorted([people.flemish.email, people.walloon.email])
    assert f"#clause-{draft[2].uid}" in _body(smtp.messages[0])


def test_a_mail_server_that_is_down_delays_mail_and_never_fails_the_writer(app, client, session, people, smtp):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    pos, _ = _consult(session, people)  # the writer's action succeeds
    report = run_once()
    assert report.sent == 0 and report.failed == 3
    waiting = session.scalars(select(Notification).execution_options(populate_existing=True)).all()
    assert all(n.mail == "pending" and n.attempts == 1 and n.next_attempt_at > now() and n.last_error for n in waiting)
    login(client, people.admin)
    page = client.get("/admin/mail").get_data(as_text=True)  # admins see what waits, and why
    assert "pending: 3" in page and "ConnectionRefusedError" in page
    app.config["MAIL_PORT"] = smtp.port
    assert run_once().sent == 0  # not before its retry time
    assert run_once(now() + timedelta(minutes=2)).sent == 3
    assert len(smtp.messages) == 3


def test_digest_preference_groups_everything_since_the_last_one_per_position(session, people, smtp):
    notifications.set_preferences(session, people.flemish, {"consultation_opened": "digest", "followed_change": "digest"}, 9)
    notifications.set_preferences(session, people.brussels, {"consultation_opened": "off"})
    session.commit()
    first, _ = _consult(session, people, title="Position on the nexus assessment")
    second, _ = _consult(session, people, title="Position on the budget")
    run_once()
    assert smtp.recipients() == [people.walloon.email] * 2  # immediate; Flemish waits for the digest, Brussels is off
    smtp.messages.clear()
    # the next 9:00 in Brussels: today's if it is still to come (a later day would find today's digest overdue)
    local = now().replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Europe/Brussels"))
    day = local.date() if local.hour < 9 else local.date() + timedelta(days=1)

    def brussels(hour: int, minute: int) -> datetime:
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/Brussels"))
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    assert run_once(brussels(8, 30)).digests == 0  # the digest hour is 9:00 in Brussels
    assert smtp.messages == []
    assert run_once(brussels(9, 5)).digests == 1
    [digest] = smtp.messages
    text = _body(digest)
    assert "Position on the nexus assessment" in text and "Position on the budget" in text
    assert text.count("asks your administration") == 2
    assert run_once(brussels(11, 0)).digests == 0  # once a day
    assert "Position on the budget" in _body(digest, "html")


def test_one_click_unsubscribe_stops_that_kind(client, session, people, smtp):
    _consult(session, people)
    run_once()
    link = str(smtp.to(people.flemish.email)[0]["List-Unsubscribe"]).strip("<>").replace("https://plenipo.example.be", "")
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    assert notifications.preferences(session, people.flemish)["email"]["consultation_opened"] == "off"
    assert client.post(link[:-3] + "xyz").status_code == 404
