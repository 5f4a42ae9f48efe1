"""Screens of the workbench: each owns its state and runs blocking work in thread workers."""
