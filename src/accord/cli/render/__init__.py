"""One rendering module per result type: Rich tables and text for the terminal."""
