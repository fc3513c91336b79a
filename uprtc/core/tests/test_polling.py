"""The worker commands' loop, once for all of them (process-plans,
process-reports, run-tasks)."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from uprtc.core.polling import PollingCommand


class Rounds(PollingCommand):
    """Says what each round did; the third round stops the loop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rounds = 0

    def work(self, **opts: Any) -> str:
        self.rounds += 1
        if self.rounds == 3:
            raise KeyboardInterrupt
        return "" if self.rounds == 1 else f"round {self.rounds}"


def test_one_round_without_loop_and_silence_when_nothing_was_done():
    out = StringIO()
    command = Rounds(stdout=out)
    call_command(command)
    assert command.rounds == 1
    assert out.getvalue() == ""


def test_with_loop_it_keeps_polling_and_says_what_each_round_did():
    out = StringIO()
    command = Rounds(stdout=out)
    with pytest.raises(KeyboardInterrupt):
        call_command(command, "--loop", "--interval", "0")
    assert command.rounds == 3
    assert out.getvalue() == "round 2\n"


@pytest.mark.parametrize("name", ["process-plans", "process-reports", "run-tasks"])
def test_every_worker_command_takes_the_loop_options(name, capsys):
    with pytest.raises(SystemExit):
        call_command(name, "--help")
    said = capsys.readouterr().out
    assert "--loop" in said and "--interval" in said
