"""A consultation closed before its deadline reads as its outcome, never as "Pending"."""

from __future__ import annotations

from datetime import timedelta

from positions.clock import now
from positions.services import consultations
from tests.factories import position
from tests.helpers import bearer, login


def test_a_closed_consultation_shows_its_outcome_not_pending(client, session, people):
    pos = position(session, people.pen)
    consultation = consultations.consult(session, people.pen, pos, None, now() + timedelta(days=5))
    consultations.answer(session, people.walloon, pos, consultation.version, "agree")
    consultations.close_consultation(session, people.pen, consultation, "consensus")
    session.commit()
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    verdict = html.split('id="verdict"')[1].split("</p>")[0]
    assert "Pending" not in verdict and "pending" not in verdict
    assert "Consensus" in verdict and "2 did not answer before it closed" in verdict
    assert "consent-pending" not in html
    api = client.get(f"/api/v1/positions/{pos.id}/versions/{consultation.version.number}/consents",
                     headers=bearer(client, people.pen)).json
    assert api["verdict"]["state"] == "consensus" and "pending" not in api["verdict"]["counts"]
