"""EU member states and institutions exist beside the Belgian administrations (issue 17, first part).

They carry the EU's own codes and their names in the reader's language; they take part in the EU phase,
so a Belgian consultation cannot consult them and they get no Belgian accounts.
"""

from __future__ import annotations

import pytest

from positions.actors import SYSTEM
from positions.errors import ValidationFailed
from positions.models import Administration
from positions.services import accounts
from tests import factories
from tests.helpers import bearer, login


@pytest.fixture
def eu(session, people):
    factories.administrations_eu(session)
    session.commit()


def test_demo_has_the_27_member_states_and_two_institutions_with_eu_codes(runner, session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    kinds = {a.code: a.kind for a in session.query(Administration)}
    member_states = sorted(code for code, kind in kinds.items() if kind == "member_state")
    assert len(member_states) == 27 and member_states[0] == "AT" and member_states[-1] == "SK"
    assert "EL" in member_states and "GR" not in kinds  # the EU writes Greece EL
    assert kinds["COM"] == kinds["PRES"] == "eu_institution"
    assert kinds["FPS-ENV"] == "federal"


@pytest.mark.parametrize(("locale", "germany", "greece", "commission"), [
    ("en", "Germany", "Greece", "European Commission"),
    ("fr", "Allemagne", "Grèce", "Commission européenne"),
    ("nl", "Duitsland", "Griekenland", "Europese Commissie"),
])
def test_admin_sees_member_states_named_in_their_language(client, session, people, eu, locale, germany, greece, commission):
    people.admin.locale = locale
    session.commit()
    login(client, people.admin)
    page = client.get("/admin/administrations").get_data(as_text=True)
    for name in (germany, greece, commission):
        assert name in page


def test_a_belgian_consultation_cannot_consult_a_member_state(client, session, people, eu):
    login(client, people.pen)
    answer = client.post("/api/v1/positions", headers=bearer(client, people.pen), json={
        "title": "T", "meeting": "IPBES-12", "agenda_item": "6", "consulted": ["VL-OMG", "DE", "COM"]})
    assert answer.status_code == 422
    assert "COM, DE" in answer.get_json()["error"]["message"]
    form = client.get("/positions/new").get_data(as_text=True)
    assert 'value="VL-OMG"' in form and 'value="DE"' not in form and 'value="COM"' not in form


def test_member_states_have_delegates_and_belgian_administrations_never_do(session, people, eu):
    with pytest.raises(ValidationFailed, match="DE is a member state"):
        accounts.create_user(session, SYSTEM, email="hans@example.de", name="Hans", administration_code="DE",
                             role="official", password="long-enough-pw")
    with pytest.raises(ValidationFailed, match="PRES is a member state"):
        accounts.update_user(session, SYSTEM, people.flemish, name="Jan", email=people.flemish.email,
                             administration_code="PRES", role="official", active=True)
    with pytest.raises(ValidationFailed, match="A delegate represents a member state"):
        accounts.update_user(session, SYSTEM, people.flemish, name="Jan", email=people.flemish.email,
                             administration_code="VL-OMG", role="delegate", active=True)
    assert people.flemish.administration.code == "VL-OMG" and people.flemish.role == "official"
    hans = accounts.create_user(session, SYSTEM, email="hans@example.de", name="Hans", administration_code="DE",
                                role="delegate", password="long-enough-pw")
    assert hans.role == "delegate"


def test_admin_form_says_why_an_official_of_a_member_state_is_refused(client, session, people, eu):
    login(client, people.admin)
    page = client.post("/admin/users/new", data={"name": "Hans", "email": "hans@example.de", "administration": "DE",
                                                 "role": "official", "password": "a long enough password"})
    assert "DE is a member state or EU institution" in page.get_data(as_text=True)


def test_a_belgian_administration_does_not_become_a_member_state(session, people, eu):
    fps = session.query(Administration).filter_by(code="FPS-ENV").one()
    with pytest.raises(ValidationFailed, match="cannot become a member state"):
        accounts.update_administration(session, SYSTEM, fps, name=fps.name, kind="member_state", active=True)
    de = session.query(Administration).filter_by(code="DE").one()
    with pytest.raises(ValidationFailed):
        accounts.update_administration(session, SYSTEM, de, name="Germany", kind="federal", active=True)
    accounts.update_administration(session, SYSTEM, de, name="Federal Republic of Germany", kind="member_state", active=True)


def test_admin_adds_an_institution_from_the_command_line(runner, session):
    result = runner.invoke(args=["create-administration", "EEAS", "--name", "European External Action Service",
                                 "--kind", "eu_institution"])
    assert result.exit_code == 0, result.output
    assert session.query(Administration).filter_by(code="EEAS").one().kind == "eu_institution"


def test_the_consulted_administrations_changed_later_cannot_include_a_member_state(client, session, people, eu):
    pos = factories.position(session, people.pen)
    answer = client.patch(f"/api/v1/positions/{pos.id}", headers=bearer(client, people.pen), json={"consulted": ["VL-OMG", "NL"]})
    assert answer.status_code == 422 and "NL" in answer.get_json()["error"]["message"]
    session.expire_all()
    assert "NL" not in {a.code for a in pos.consulted}
