"""Payment channel vouchers as Filecoin serializes and signs them (paych actor `SignedVoucher`).

A voucher is the DAG-CBOR 11-tuple
    [channel_addr, time_lock_min, time_lock_max, secret_pre_image, extra, lane, nonce,
     amount, min_settle_height, merges, signature]
with addresses as byte strings (their binary form), `extra` null or [actor, method, params],
`amount` a Filecoin big integer (sign byte 0x00/0x01 ‖ big-endian magnitude; zero is empty
bytes), `merges` a list of [lane, nonce] and `signature` null or `type ‖ data`. The signer
signs the same tuple with the signature set to null (builtin-actors `signing_bytes`,
specs-actors `VoucherSigningBytes`).

`cbor2` (C extension) does the CBOR; decoding re-encodes and insists on the same bytes, so
non-canonical input (long integer forms, indefinite lengths, trailing bytes) is rejected.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import cbor2

from proofs_native.address import Address, address_from_bytes
from proofs_native.errors import InvalidAddress, InvalidSignature, MalformedSignature, MalformedVoucher
from proofs_native.signing import Key, Signature, sign, signature_from_bytes, verify

_U64 = (1 << 64) - 1
_I64 = (-(1 << 63), (1 << 63) - 1)
FIELDS = ("channel_addr", "time_lock_min", "time_lock_max", "secret_pre_image", "extra", "lane", "nonce",
          "amount", "min_settle_height", "merges", "signature")


def encode_big_int(value: int) -> bytes:
    """Filecoin big-int bytes: empty for zero, else sign byte (0 positive, 1 negative) ‖ big-endian magnitude."""
    if value == 0:
        return b""
    magnitude = abs(value)
    return bytes([1 if value < 0 else 0]) + magnitude.to_bytes((magnitude.bit_length() + 7) // 8, "big")


def decode_big_int(data: bytes, *, where: str = "big int") -> int:
    """Inverse of `encode_big_int`; rejects unknown sign bytes and leading zero bytes."""
    if not data:
        return 0
    if data[0] not in (0, 1):
        raise MalformedVoucher(f"big-int sign byte is {data[0]}, not 0 or 1", where=where)
    if len(data) == 1 or data[1] == 0:
        raise MalformedVoucher("big-int magnitude is empty or has a leading zero byte", where=where)
    magnitude = int.from_bytes(data[1:], "big")
    return -magnitude if data[0] else magnitude


@dataclass(frozen=True, slots=True)
class ModVerifyParams:
    """An extra check the paych actor runs before redeeming: call `method` on `actor` with `data`."""

    actor: Address
    """Actor to call."""
    method: int
    """Method number."""
    data: bytes
    """CBOR parameters for the call."""


@dataclass(frozen=True, slots=True)
class Merge:
    """Another lane whose nonce this voucher raises when redeemed."""

    lane: int
    """The merged lane."""
    nonce: int
    """Its new nonce."""


@dataclass(frozen=True, slots=True)
class SignedVoucher:
    """A payment channel voucher; field order is the wire order."""

    channel_addr: Address
    """The payment channel actor this voucher draws on."""
    time_lock_min: int = 0
    """Earliest epoch at which it may be redeemed (0: no bound)."""
    time_lock_max: int = 0
    """Latest epoch at which it may be redeemed (0: no bound)."""
    secret_pre_image: bytes = b""
    """Hash the redeemer must present a preimage for (empty: none)."""
    extra: ModVerifyParams | None = None
    """Optional extra actor check."""
    lane: int = 0
    """Lane the voucher belongs to."""
    nonce: int = 0
    """Orders vouchers within a lane; a redeemed voucher needs a higher nonce than the last."""
    amount: int = 0
    """Total attoFIL the lane owes the recipient (not an increment)."""
    min_settle_height: int = 0
    """Settling the channel must wait until at least this epoch."""
    merges: tuple[Merge, ...] = ()
    """Lanes merged into this one."""
    signature: Signature | None = None
    """The sender's signature over `signing_bytes()`, or None when unsigned."""

    def _tuple(self, signature: Signature | None) -> list[Any]:
        """The 11 fields as CBOR-ready values."""
        extra = None if self.extra is None else [self.extra.actor.to_bytes(), self.extra.method, self.extra.data]
        return [
            self.channel_addr.to_bytes(), self.time_lock_min, self.time_lock_max, self.secret_pre_image, extra,
            self.lane, self.nonce, encode_big_int(self.amount), self.min_settle_height,
            [[merge.lane, merge.nonce] for merge in self.merges],
            None if signature is None else signature.to_bytes(),
        ]

    def to_cbor(self) -> bytes:
        """The DAG-CBOR 11-tuple, signature included."""
        return cbor2.dumps(self._tuple(self.signature))

    def signing_bytes(self) -> bytes:
        """What the sender signs: the DAG-CBOR 11-tuple with the signature set to null."""
        return cbor2.dumps(self._tuple(None))


def _uint(value: object, field: str) -> int:
    """An unsigned 64-bit CBOR integer (bools are not integers here)."""
    if type(value) is not int or not 0 <= value <= _U64:
        raise MalformedVoucher(f"expected an unsigned 64-bit integer, got {value!r}", where=field)
    return value


def _int(value: object, field: str) -> int:
    """A signed 64-bit CBOR integer (an epoch)."""
    if type(value) is not int or not _I64[0] <= value <= _I64[1]:
        raise MalformedVoucher(f"expected a signed 64-bit integer, got {value!r}", where=field)
    return value


def _bytes(value: object, field: str) -> bytes:
    """A CBOR byte string."""
    if not isinstance(value, bytes):
        raise MalformedVoucher(f"expected a byte string, got {type(value).__name__}", where=field)
    return value


def _address(value: object, field: str) -> Address:
    """An address in its binary form."""
    try:
        return address_from_bytes(_bytes(value, field), where=field)
    except InvalidAddress as err:
        raise MalformedVoucher(err.message, where=field) from None


def _list(value: object, length: int | None, field: str) -> list[Any]:
    """A CBOR array, of a fixed length if given."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        shape = "an array" if length is None else f"an array of {length}"
        raise MalformedVoucher(f"expected {shape}, got {value!r:.60}", where=field)
    return value


def _extra(value: object) -> ModVerifyParams | None:
    """Null or [actor, method, data]."""
    if value is None:
        return None
    actor, method, data = _list(value, 3, "voucher.extra")
    return ModVerifyParams(_address(actor, "voucher.extra.actor"), _uint(method, "voucher.extra.method"),
                           _bytes(data, "voucher.extra.data"))


def _merges(value: object) -> tuple[Merge, ...]:
    """An array of [lane, nonce] pairs."""
    merges = []
    for index, item in enumerate(_list(value, None, "voucher.merges")):
        lane, nonce = _list(item, 2, f"voucher.merges[{index}]")
        where = f"voucher.merges[{index}]"
        merges.append(Merge(_uint(lane, f"{where}.lane"), _uint(nonce, f"{where}.nonce")))
    return tuple(merges)


def _signature(value: object) -> Signature | None:
    """Null or `type ‖ data`."""
    if value is None:
        return None
    try:
        return signature_from_bytes(_bytes(value, "voucher.signature"), where="voucher.signature")
    except MalformedSignature as err:
        raise MalformedVoucher(err.message, where=err.where) from None


def voucher_from_cbor(data: bytes, *, where: str = "voucher") -> SignedVoucher:
    """Parse a voucher's DAG-CBOR, naming the field that is wrong; rejects non-canonical encodings."""
    try:
        decoded = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError) as err:
        raise MalformedVoucher(f"not CBOR ({err})", where=where) from None
    fields = _list(decoded, len(FIELDS), where)
    named = dict(zip(FIELDS, fields, strict=True))
    voucher = SignedVoucher(
        channel_addr=_address(named["channel_addr"], "voucher.channel_addr"),
        time_lock_min=_int(named["time_lock_min"], "voucher.time_lock_min"),
        time_lock_max=_int(named["time_lock_max"], "voucher.time_lock_max"),
        secret_pre_image=_bytes(named["secret_pre_image"], "voucher.secret_pre_image"),
        extra=_extra(named["extra"]),
        lane=_uint(named["lane"], "voucher.lane"),
        nonce=_uint(named["nonce"], "voucher.nonce"),
        amount=decode_big_int(_bytes(named["amount"], "voucher.amount"), where="voucher.amount"),
        min_settle_height=_int(named["min_settle_height"], "voucher.min_settle_height"),
        merges=_merges(named["merges"]),
        signature=_signature(named["signature"]),
    )
    if voucher.to_cbor() != bytes(data):
        raise MalformedVoucher("not canonical DAG-CBOR (re-encoding gives different bytes)", where=where)
    return voucher


def sign_voucher(voucher: SignedVoucher, key: Key) -> SignedVoucher:
    """The voucher with its signature set: `key` signs `signing_bytes()`."""
    return dataclasses.replace(voucher, signature=sign(key, voucher.signing_bytes()))


def verify_voucher(voucher: SignedVoucher, signer: Address) -> None:
    """Raise InvalidSignature unless the voucher carries a signature by `signer` over its signing bytes."""
    if voucher.signature is None:
        raise InvalidSignature("the voucher is not signed", where="voucher.signature")
    verify(voucher.signature, signer, voucher.signing_bytes())
