"""The console channel: an interactive terminal chat over the same handlers the chat channels use."""

from __future__ import annotations

from typing import TextIO

from handlers.ask import AskError, ask
from handlers.wording import t
from knowledge.answer import Answerer
from knowledge.text import detect_language

QUIT_WORDS = frozenset({"quit", "exit", "afslut", "avsluta", "stop", ":q"})
HELP_WORDS = frozenset({"help", "hjælp", "hjälp", "?", "/help", "/start"})


def handle_line(answerer: Answerer, line: str, language: str = "en") -> str | None:
    """The console's reply to one input line (None means: quit)."""
    text = line.strip()
    word = text.casefold()
    if word in QUIT_WORDS:
        return None
    lang = detect_language(text, default=language) if text else language
    if word in HELP_WORDS:
        return t("console.help", lang, orgs=", ".join(answerer.kb.slugs))
    if word.startswith("/ask "):
        text = text[5:]
    try:
        _, reply = ask(answerer, text)
    except AskError as exc:
        return exc.reply.plain()
    return reply.plain()


def run_console(answerer: Answerer, stdin: TextIO, stdout: TextIO, language: str = "en") -> int:
    """Read questions line by line until end of input or a quit word; exit status 0."""
    stdout.write(t("console.welcome", language) + "\n> ")
    stdout.flush()
    for line in stdin:
        if not line.strip():
            stdout.write("> ")
            stdout.flush()
            continue
        reply = handle_line(answerer, line, language)
        if reply is None:
            break
        stdout.write(reply + "\n\n> ")
        stdout.flush()
    stdout.write("\n" + t("console.bye", language) + "\n")
    return 0
