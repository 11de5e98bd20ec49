"""What commands draw in the terminal (with rich): tables and the screens of ``status`` and
``show``. nhrp/report writes files and machine output and never imports rich; only the CLI
knows the terminal. Not a command: nothing here registers on the app."""
