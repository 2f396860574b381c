"""A bad ``LABELCORE_*`` value stops a command with one sentence, not a traceback."""

from click.testing import CliRunner

from labelcore.cli import main


def test_a_bad_setting_is_one_sentence_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("LABELCORE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LABELCORE_WEBHOOK_ATTEMPTS", "many")

    answer = CliRunner().invoke(main, ["plugins"])

    assert answer.exit_code == 1
    assert "LABELCORE_WEBHOOK_ATTEMPTS" in answer.output
    assert "Traceback" not in answer.output
    assert answer.exception is None or isinstance(answer.exception, SystemExit)
