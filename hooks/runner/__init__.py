"""What every hook shares: its arguments (`args`) and the run of a guard over a change,
staged or a range or the whole tree (`hook`)."""

__all__ = ["args", "hook"]
