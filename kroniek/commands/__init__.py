"""One module per ``kroniek`` subcommand; see :mod:`kroniek.cli`."""


def at_least(minimum: int):
    """An argparse ``type`` for a whole number of at least ``minimum`` (argparse's error is
    then one line).

    >>> at_least(1)("2")
    2
    """
    import argparse

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return whole
