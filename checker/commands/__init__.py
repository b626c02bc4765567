"""One module per `filspec` subcommand; each exposes `register(subparsers)`.

Add a command by writing a module here with a `register` function and naming it in
`checker.cli.COMMAND_MODULES`.
"""
