"""xlkit: tools for the 信访工作台账 (petition ledger) kept in Excel."""

__version__ = "0.1.0"
