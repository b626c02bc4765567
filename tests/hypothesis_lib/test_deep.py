"""The deep scenario: two clients, two providers, two sectors each, a lossy reordering network.

Too big for the explicit checker to exhaust; the state machine samples it with the whole
invariant library.  The second test is a longer, fixed hunt that once found a duplicated storage
DealProposal accepted again after its deal was packed (the piece went into a second sector,
breaking ``deal_in_committed_sector``; fixed in the model since): it keeps that door shut.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from checker.testing import TRACE_DIR_ENV, protocol_machine

TestDeep = protocol_machine("deep").TestCase

#: A fixed search (no shrinking: `checker.testing` minimizes a failing run itself).
HUNT = settings(max_examples=200, stateful_step_count=50, derandomize=True, database=None, deadline=None,
                print_blob=False, report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.reuse, Phase.generate])


def test_duplicated_deal_proposal_packs_the_piece_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TRACE_DIR_ENV, str(tmp_path))
    run_state_machine_as_test(protocol_machine("deep", ["deal_in_committed_sector"]), settings=HUNT)
