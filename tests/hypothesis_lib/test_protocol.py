"""The whole protocol as a Hypothesis state machine: copy this file to start your own.

One line gives a pytest test class.  Each example starts from the default scenario's genesis,
takes enabled actions at random (deal making, sealing, commits, collection, retrieval,
settlement, faults), and checks every applicable ``always`` invariant of the library after
every step and every ``step`` invariant on every transition.  A failure shrinks to a short
action trace, printed as the checker prints counterexamples, and is written as an ITF file
that ``filspec replay`` re-runs.  Run it longer with ``FILSPEC_HYPOTHESIS_PROFILE=deep``.
"""

from checker.testing import protocol_machine

TestProtocol = protocol_machine("default").TestCase
