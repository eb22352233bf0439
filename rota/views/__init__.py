"""The Listener rota's pages. Each view parses input, calls one service or selector, and renders."""
