"""CLI commands: demo, create-administration, create-user, audit verify."""

from __future__ import annotations

from positions.models import Administration, Clause, Event, Position, User


def test_demo_is_idempotent(runner, session):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    counts = (session.query(Administration).count(), session.query(User).count(), session.query(Position).count(), session.query(Clause).count())
    assert counts[0] == 8 + 27 + 2 and counts[2] == 2  # Belgian administrations, member states, COM and PRES
    assert {u.role for u in session.query(User)} == {"admin", "pen_holder", "delegation_lead", "official", "viewer", "delegate"}
    for pos in session.query(Position):
        assert 10 <= session.query(Clause).filter_by(position_id=pos.id).count() <= 20
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "nothing changed" in second.output
    assert counts == (session.query(Administration).count(), session.query(User).count(), session.query(Position).count(), session.query(Clause).count())


def test_create_administration(runner, session):
    result = runner.invoke(args=["create-administration", "dgo3", "--name", "DGO3", "--kind", "regional"])
    assert result.exit_code == 0 and "Created administration DGO3" in result.output
    again = runner.invoke(args=["create-administration", "DGO3", "--name", "Again", "--kind", "regional"])
    assert again.exit_code == 1 and "already exists" in again.output
    bad_kind = runner.invoke(args=["create-administration", "X1", "--name", "X", "--kind", "planetary"])
    assert bad_kind.exit_code == 2 and "planetary" in bad_kind.output


def test_create_user(runner, session):
    runner.invoke(args=["create-administration", "BBPF", "--name", "Platform", "--kind", "scientific"])
    ok = runner.invoke(args=["create-user", "anne@example.be", "--name", "Anne", "--administration", "BBPF", "--role", "pen_holder", "--password", "long-enough-pw"])
    assert ok.exit_code == 0, ok.output
    dup = runner.invoke(args=["create-user", "ANNE@example.be", "--name", "Anne", "--administration", "BBPF", "--role", "pen_holder", "--password", "long-enough-pw"])
    assert dup.exit_code == 1 and "already exists" in dup.output
    unknown = runner.invoke(args=["create-user", "b@example.be", "--name", "B", "--administration", "NOPE", "--role", "official", "--password", "long-enough-pw"])
    assert unknown.exit_code == 1 and "Unknown administration 'NOPE'" in unknown.output and "BBPF" in unknown.output
    bad_role = runner.invoke(args=["create-user", "c@example.be", "--name", "C", "--administration", "BBPF", "--role", "king", "--password", "long-enough-pw"])
    assert bad_role.exit_code == 2 and "king" in bad_role.output
    bad_email = runner.invoke(args=["create-user", "not-an-email", "--name", "C", "--administration", "BBPF", "--role", "official", "--password", "long-enough-pw"])
    assert bad_email.exit_code == 1 and "not a valid email" in bad_email.output


def test_create_user_prompts_for_password(runner, session):
    runner.invoke(args=["create-administration", "BBPF", "--name", "Platform", "--kind", "scientific"])
    result = runner.invoke(args=["create-user", "p@example.be", "--name", "P", "--administration", "BBPF", "--role", "viewer"],
                           input="prompted-password\nprompted-password\n")
    assert result.exit_code == 0, result.output
    assert session.query(User).filter_by(email="p@example.be").one().check_password("prompted-password")


def test_audit_verify(runner, session):
    runner.invoke(args=["demo"])
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    event = session.query(Event).order_by(Event.id).offset(5).first()
    session.query(Event).filter_by(id=event.id).update({"data": {"tampered": True}})
    session.commit()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and f"broken at event {event.id}" in broken.output


def _modules_after(args: list[str], env: dict) -> set[str]:
    """Run `plenipo ARGS` in a fresh interpreter; return the modules it imported."""
    import json
    import os
    import subprocess
    import sys

    script = ("import json, sys\nfrom app.cli import PlenipoGroup\n"
              f"try:\n    PlenipoGroup().main({args!r}, prog_name='plenipo', standalone_mode=False)\n"
              "finally:\n    print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_plenipo_help_and_export_do_not_load_the_web_stack(tmp_path):
    """`plenipo --help` imports no command and builds no app; `plenipo export` builds an app without pages or API."""
    listed = _modules_after(["--help"], {})
    assert not {"app.cli.word", "app.cli.accounts", "sqlalchemy", "exports", "app.api"} & listed

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "PLENIPO_ENV": "development"}
    for step in (["db", "upgrade"], ["demo"]):
        _modules_after(step, env)
    exported = _modules_after(["export", "1", "-o", str(tmp_path / "position.docx")], env)
    assert (tmp_path / "position.docx").stat().st_size > 10_000
    assert "exports.documents" in exported
    assert not {"app.api", "app.drafting.routes", "app.web.templating", "flask_wtf", "flask_bootstrap", "apispec", "alembic"} & exported
    # …nor the Word reader, the other layouts, or the packages' Flask plugins (Flask-Limiter's commands).
    assert not {"exports.imports.new_position", "exports.docx.brief_layout", "exports.comments_csv",
                "flask_limiter.commands"} & exported
