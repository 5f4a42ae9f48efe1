"""Widgets of the workbench, one per module. Each posts Messages; screens own the state."""
