"""One module per ``kroniek`` subcommand; see :mod:`kroniek.cli`."""
