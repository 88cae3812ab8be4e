"""The console channel: an interactive terminal chat speaking the same commands as Telegram and Slack.

Every line goes through `handlers.core.Core` as a message from channel "console", chat "console",
user = the login name. Command words work without the slash here (`log`, `open`, `show ID` …).
A reply's buttons are printed as numbered options ("1) Done  2) Extend…"); typing the number presses
the button (unless the bot is waiting for typed text, such as a subject reference). Reminders are
printed into the chat as they fall due (`ConsoleNotifier`), with their buttons numbered the same way.
"""

from __future__ import annotations

import asyncio
import getpass
import threading
from typing import TYPE_CHECKING, TextIO

from handlers.commands_parse import parse_command
from handlers.message import Incoming
from handlers.reply import Action, Reply
from handlers.wording import t

if TYPE_CHECKING:
    from deadlines.register import RequestView
    from deadlines.reminders import Destination, Reminder
    from handlers.core import Core

QUIT_WORDS = frozenset({"quit", "exit", "afslut", "avsluta", "stop", ":q"})
HELP_WORDS = frozenset({"hjælp", "hjälp", "?"})  # "help", "/help", "/start" are Core's own commands
CHANNEL = "console"
CHAT_ID = "console"
PROMPT = "> "


def login_name() -> str:
    """The user's login name ("console" when there is none, e.g. in containers)."""
    try:
        return getpass.getuser() or "console"
    except Exception:  # no login name in the environment
        return "console"


def render(reply: Reply) -> str:
    """A reply as console text: the plain text, then its buttons as numbered options."""
    text = reply.plain()
    if reply.actions:
        options = "  ".join(f"{n}) {action.label}" for n, action in enumerate(reply.actions, 1))
        text = f"{text}\n{options}" if text else options
    return text


class ConsoleNotifier:
    """Reminders and digests printed into the console chat."""

    def __init__(self, console: ConsoleChannel) -> None:
        """Print into `console`."""
        self.console = console

    async def send_reminder(self, reminder: Reminder) -> None:
        """Print one reminder with its Done / Extend options."""
        from handlers.reminders import render_reminder

        self.console.print_reply(render_reminder(reminder))

    async def send_digest(self, to: Destination, requests: tuple[RequestView, ...], language: str) -> None:
        """Print the weekly digest."""
        from handlers.reminders import render_digest

        self.console.print_reply(render_digest(requests, language))


class ConsoleChannel:
    """One console user talking to Core over a text stream pair."""

    def __init__(
        self,
        core: Core,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        language: str | None = None,
        user: str | None = None,
    ) -> None:
        """A console for `user` (default: the login name); `language` sets command replies and the greeting."""
        self.core = core
        self.stdin = stdin
        self.stdout = stdout
        self.language = language  # commands' reply language; questions are answered in their own
        self.user = user or login_name()
        self.notifier = ConsoleNotifier(self)
        self._actions: tuple[Action, ...] = ()
        self._lock = threading.Lock()

    def _message(self, text: str) -> Incoming:
        """The Incoming for a typed line (or a button press, with empty text)."""
        is_command = bool(text) and parse_command(text, bare=True) is not None
        hint = self.language if is_command or not text else None
        return Incoming(CHANNEL, CHAT_ID, self.user, self.user, text=text, language=hint, private=True)

    def handle_line(self, line: str) -> str | None:
        """The console's reply to one input line ("" for nothing to say; None means: quit)."""
        text = line.strip()
        word = text.casefold()
        if word in QUIT_WORDS:
            return None
        if not text:
            return ""
        waiting = self.core.waiting_for_text(self._message(text))  # then the line is an answer, as typed
        if word in HELP_WORDS and not waiting:
            text = "/help"
        action = None if waiting else self._numbered(text)
        if action is not None:
            reply = self.core.press(self._message(""), action.command, action.argument)
        else:
            reply = self.core.handle(self._message(text))
        if reply is None:
            return ""
        command = parse_command(text, bare=not waiting)
        if command is not None and command.name in ("help", "start"):
            reply = _with_console_help(reply, self.core)
        return self._remember(reply)

    def _numbered(self, text: str) -> Action | None:
        """The button a typed number presses, if it is the number of one."""
        if not text.isdigit():
            return None
        with self._lock:
            index = int(text) - 1
            return self._actions[index] if 0 <= index < len(self._actions) else None

    def _remember(self, reply: Reply) -> str:
        """Keep the reply's buttons for number presses and render it."""
        with self._lock:
            self._actions = reply.actions
        return render(reply)

    def print_reply(self, reply: Reply) -> None:
        """Print a reply the user did not ask for (a reminder), its buttons numbered, then the prompt again."""
        out = self.stdout
        if out is None:
            return
        out.write("\n" + self._remember(reply) + "\n\n" + PROMPT)
        out.flush()

    async def run(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
        """Chat until end of input or a quit word; lines are read off the event loop (reminders still print)."""
        self.stdin = stdin or self.stdin
        self.stdout = stdout or self.stdout
        assert self.stdin is not None and self.stdout is not None
        lang = self.language or "en"
        self._write(t("console.welcome", lang) + "\n" + PROMPT)
        lines = _line_queue(self.stdin)
        while True:
            line = await lines.get()
            if line is None:
                break
            reply = await asyncio.to_thread(self.handle_line, line)
            if reply is None:
                break
            self._write((reply + "\n\n" if reply else "") + PROMPT)
        self._write("\n" + t("console.bye", lang) + "\n")
        return 0

    def _write(self, text: str) -> None:
        """Write to the console and flush."""
        assert self.stdout is not None
        self.stdout.write(text)
        self.stdout.flush()


def _with_console_help(reply: Reply, core: Core) -> Reply:
    """Core's help plus the console's own hints (numbers press buttons, quit words, organisations)."""
    from dataclasses import replace

    extra = t("console.help", reply.language, orgs=", ".join(core.served()))
    return replace(reply, outro=f"{reply.outro}\n\n{extra}" if reply.outro else extra)


def _line_queue(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin`, read by a daemon thread (a blocked read never delays shutdown); None at the end."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        """Read until end of input."""
        try:
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
        except (OSError, ValueError):  # the stream was closed under us
            pass
        finally:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except RuntimeError:  # the loop is already closed
                pass

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return queue


def run_console(core: Core, stdin: TextIO, stdout: TextIO, language: str | None = None) -> int:
    """Run the console chat on a stream pair in a new event loop; exit status 0."""
    return asyncio.run(ConsoleChannel(core, stdin, stdout, language).run())
