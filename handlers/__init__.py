"""Channel-neutral handlers: a message in, a reply object out (no chat-library imports here)."""
