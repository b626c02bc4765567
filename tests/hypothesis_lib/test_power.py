"""Power: the total is the sum of the claims, and a claim is the size of the miner's live sectors.

This one subclasses `ProtocolMachine` instead of calling `protocol_machine`: do this when you
want your own rules, preconditions or helpers next to the model's actions.
"""

from checker.testing import ProtocolMachine


class PowerMachine(ProtocolMachine):
    """The default scenario, checking the power invariants only."""

    scenario = "default"
    properties = ("power_total", "power_claims_match_sectors", "power_only_from_verified_commit")


TestPower = PowerMachine.TestCase
