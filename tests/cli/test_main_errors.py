"""main() turns library errors into one line on stderr and exit code 2, printing the text literally."""

from __future__ import annotations

import pytest

from multivector.cli import main as cli_main
from multivector.errors import InputError


def test_library_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing_app(**_: object) -> None:
        raise InputError("needs the web extra: pip install 'multivector[web]'")

    monkeypatch.setattr(cli_main, "register_commands", lambda argv=None: None)
    monkeypatch.setattr(cli_main, "app", failing_app)
    with pytest.raises(SystemExit) as exc:
        cli_main.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    # Rich markup must not swallow "[web]".
    assert "multivector[web]" in err
    assert "Traceback" not in err
