"""Backtest of the early warning: run the detectors month by month over history and score the
alerts they would have raised against a list of major escalations (docs/methodology.md,
"Early warning: backtest")."""
