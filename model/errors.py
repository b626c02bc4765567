"""Protocol rejections: one root, one leaf per rule.

A transition whose guard fails raises the leaf that names the rule, and the world is left as it
was (transitions are pure, so there is nothing to undo).  Chain messages that fail inside a
block are recorded with the name of the guard that stopped them.
"""

from __future__ import annotations


class GuardFailed(Exception):
    """A protocol rule rejected an action.  Subclasses name the rule."""

    rule = "a protocol rule"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(f"{type(self).__name__}: {self.rule}" + (f" ({detail})" if detail else ""))


def _rule(name: str, rule: str) -> type[GuardFailed]:
    return type(name, (GuardFailed,), {"rule": rule, "__doc__": f"Rejected: {rule}."})


# -- Generic -----------------------------------------------------------------------------------
NotEnabled = _rule("NotEnabled", "the action is not possible in this state")
UnknownAction = _rule("UnknownAction", "no such action in this model")
InsufficientFunds = _rule("InsufficientFunds", "the sender's balance must cover the value it sends")
EpochBound = _rule("EpochBound", "the clock may not pass the scenario's last epoch")
# -- Chain / consensus -------------------------------------------------------------------------
NotElected = _rule("NotElected", "only a miner with power may produce a block")
OneBlockPerEpoch = _rule("OneBlockPerEpoch", "at most one block is produced per epoch")
# -- Power actor -------------------------------------------------------------------------------
MinerAlreadyRegistered = _rule("MinerAlreadyRegistered", "an owner registers at most one miner")
PledgeTooLow = _rule("PledgeTooLow", "a new miner must lock at least the minimum pledge collateral")
CallerNotMinerActor = _rule("CallerNotMinerActor", "UpdatePower may only be called by a registered miner actor")
# -- Miner actor -------------------------------------------------------------------------------
UnknownMiner = _rule("UnknownMiner", "the miner actor must exist")
SectorAlreadyCommitted = _rule("SectorAlreadyCommitted", "a sector number is committed at most once")
CollateralTooLow = _rule("CollateralTooLow", "storage collateral must cover the sector's collateral-for-power")
SectorNotCommitted = _rule("SectorNotCommitted", "only a committed, non-faulty sector can fault")
# -- Payment channel actor ---------------------------------------------------------------------
ChannelExists = _rule("ChannelExists", "one channel per payer and payee")
UnknownChannel = _rule("UnknownChannel", "the channel must exist")
WrongSigner = _rule("WrongSigner", "a voucher must be signed by the channel's payer")
WrongChannel = _rule("WrongChannel", "a voucher is only valid on the channel it names")
ChannelSettled = _rule("ChannelSettled", "no voucher is accepted once the channel's settlement epoch has passed")
TimeLocked = _rule("TimeLocked", "a voucher cannot be redeemed before its time lock")
NegativeAmount = _rule("NegativeAmount", "a voucher's amount is never negative")
StaleNonce = _rule("StaleNonce", "a voucher's nonce must be strictly above the lane's nonce")
BadMerge = _rule("BadMerge", "a merged lane must be another lane with a lower nonce than the merge")
OverFunds = _rule("OverFunds", "what the channel owes may never exceed its funds")
ConditionNotMet = _rule("ConditionNotMet", "a conditional voucher pays only with a PIP proving its piece is committed")
AlreadySettling = _rule("AlreadySettling", "a channel is settled once")
NotSettled = _rule("NotSettled", "a channel is collected only after its settlement epoch")
NotAParty = _rule("NotAParty", "only the channel's payer or payee may settle or collect it")
# -- Market actor ------------------------------------------------------------------------------
InvalidPIP = _rule("InvalidPIP", "the PIP must prove the piece is in a sector committed on chain")
BadLane = _rule("BadLane", "a voucher's lane must be one of the channel's lanes")
