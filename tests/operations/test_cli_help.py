"""`ntm --help`: every command and every option of every command says what it is for."""

import argparse

import pytest

from ntm.cli import build_parser


def _undocumented(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if not helps.get(name):
                    missing.append(f"{prefix} {name}")
                missing += _undocumented(sub, f"{prefix} {name}")
        elif not isinstance(action, argparse._HelpAction) and not action.help:
            missing.append(f"{prefix} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_command_and_option_has_a_description():
    assert _undocumented(build_parser(), "ntm") == []


def test_backup_and_restore_are_listed(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["restore", "--help"])
    shown = capsys.readouterr().out
    assert "--replace" in shown
    assert "Khôi phục" in shown
