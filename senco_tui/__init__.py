"""senco-tui: half-termly line-management meetings with your SENCo."""

__version__ = "0.1.0"
