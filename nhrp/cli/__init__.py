"""The command line: one module per command or group, registered in app.py."""
