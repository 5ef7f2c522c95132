"""Reading YAML safely: node trees with file:line problems, and a walker over them.

Anchors, aliases and tags are refused before anything is built; syntax errors are
explained in plain words for someone editing a file by hand. Only a regular file is
read (a pipe or a device would never end), at most MAX_BYTES of it, nested at most
MAX_DEPTH deep; text values come out safe for a terminal (see safe_text).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml

from senco_tui.checklist.model import MAX_BYTES, Problem
from senco_tui.safe_text import safe_text

# Lists and 'key: value' blocks within each other: a checklist needs five; a file of
# 100 KB of '[' would otherwise exhaust Python's recursion while being composed.
MAX_DEPTH = 20

# a key and its value in a mapping, as nodes (the key's line is where a problem is said)
Entry = tuple[yaml.Node, yaml.Node]


def close_match(word: str, options: Iterable[str]) -> list[str]:
    import difflib  # only when a file has a mistake: keeps start-up fast

    return difflib.get_close_matches(word, options, n=1)


QUOTE_TIP = "if the text contains ': ' or starts with a quote, put the whole text in quotes"


# ---------------------------------------------------------------- reading YAML


class _Refused(Exception):
    def __init__(self, mark: object, message: str):
        self.line = getattr(mark, "line", 0) + 1
        self.message = message


def _refuse(event: yaml.Event) -> None:
    """Refuse anchors, aliases and tags: PyYAML expands aliases without limit."""
    mark = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(mark, f"'*{event.anchor}' is a YAML alias, which checklists do not "
                       "allow: write the text out in full")
    anchor = getattr(event, "anchor", None)
    if anchor:
        raise _Refused(mark, f"'&{anchor}' is a YAML anchor, which checklists do not "
                       "allow: remove it and write repeated text out in full")
    tag = getattr(event, "tag", None)
    if tag is not None:
        tag = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise _Refused(mark, f"'{tag}' is a YAML tag, which checklists do not allow: "
                       "remove it (put text in quotes if it needs them)")


def _too_deep(event: yaml.Event) -> _Refused:
    return _Refused(event.start_mark, f"lists and 'key: value' blocks are nested more than "
                    f"{MAX_DEPTH} deep here: a checklist needs no more than five levels; "
                    "check the brackets and the indentation")


class _StrictLoader(yaml.SafeLoader):
    """Composes nodes, refusing anchors, aliases, tags and deep nesting before anything
    is built."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        _refuse(event)
        if self._depth >= MAX_DEPTH:
            raise _too_deep(event)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _NotOneDocument(yaml.YAMLError):
    """A second document: the pure-Python path explains it."""


def _compose_fast(text: str) -> yaml.Node | None:
    """libyaml's parser, about ten times faster, for files that turn out to be valid.

    The nodes are made here from its events, as PyYAML's composer makes them, in one
    pass: each event is checked before it is used, so an alias is refused before anything
    could expand it, and deep nesting before it could recurse. Any error falls back to the
    pure-Python path, whose messages and marks we explain.
    """
    # Any: the stubs give libyaml's events and marks types PyYAML's own nodes do not take
    loader: Any = yaml.CSafeLoader(text)
    try:
        loader.get_event()  # the stream's start
        root = None
        if not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # the document's start
            root = _node(loader, loader.get_event(), 0)
            loader.get_event()  # its end
        if not loader.check_event(yaml.StreamEndEvent):
            _check_rest(loader)
            raise _NotOneDocument("expected a single document in the stream")
        return root
    finally:
        loader.dispose()


def _node(loader: Any, event: Any, depth: int) -> yaml.Node:
    """The node that starts with `event` (its events read from `loader`), `depth`
    collections deep."""
    _refuse(event)
    start: Any = event.start_mark
    if isinstance(event, yaml.ScalarEvent):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        end: Any = event.end_mark
        return yaml.ScalarNode(tag, event.value, start, end, style=event.style)
    if depth >= MAX_DEPTH:
        raise _too_deep(event)
    node: yaml.SequenceNode | yaml.MappingNode
    if isinstance(event, yaml.SequenceStartEvent):
        tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
        node = yaml.SequenceNode(tag, [], start, None, flow_style=event.flow_style)
        while not loader.check_event(yaml.SequenceEndEvent):
            node.value.append(_node(loader, loader.get_event(), depth + 1))
    else:  # a mapping: keys and values in turn
        tag = loader.resolve(yaml.MappingNode, None, event.implicit)
        node = yaml.MappingNode(tag, [], start, None, flow_style=event.flow_style)
        while not loader.check_event(yaml.MappingEndEvent):
            key = _node(loader, loader.get_event(), depth + 1)
            node.value.append((key, _node(loader, loader.get_event(), depth + 1)))
    node.end_mark = loader.get_event().end_mark
    return node


def _check_rest(loader: Any) -> None:
    """The events after the first document, refused as the first document's would be."""
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        _refuse(event)
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event)
        elif isinstance(event, _CLOSE):
            depth -= 1


# PyYAML's wording (matched by its start) -> plain words for someone editing by hand.
_SYNTAX = {
    "mapping values are not allowed": "a ': ' where it is not expected: "
    + QUOTE_TIP + "; otherwise check the indentation of this line and the one above",
    "could not find expected ':'": "this line has no ':' after its key: write it as "
    "'key: value' (for example 'ask: Is it in place?'), or '- ' for a list item",
    "found character that cannot start any token": "this line starts with a character YAML "
    "reserves (` @ % or |): put the text in quotes",
    "expected <block end>": "this line is indented differently from the lines around it: "
    "line it up with the other keys of the same question or list",
    "found unexpected end of stream": "a quote that opens on this line is not closed",
    "while parsing a flow sequence": "a '[' on this line is not closed: end the list with "
    "']' (and separate its items with commas), or write each item on its own line "
    "starting with '- '",
    "while parsing a flow mapping": "a '{' on this line is not closed: end it with '}', or "
    "write each 'key: value' on its own line",
    "expected a single document in the stream": "remove the second '---' line",
}


# a line that starts a YAML key ('ask: ...', '- id: ...'): not the middle of a sentence
# (compiled by re when first needed: only text quoted over several lines needs it)
_KEY_LINE = r"\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)"


def _runs_on(lines: list[str], first: int, last: int) -> bool:
    """Quoted text from line `first` to `last` (0-based) has swallowed YAML structure: a
    later line reads as a key no more indented than the line the quote opens on (a long
    text wrapped on purpose is indented further)."""

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    return any(re.match(_KEY_LINE, lines[n]) and indent(lines[n]) <= indent(lines[first])
               for n in range(first + 1, min(last, len(lines) - 1) + 1))


UNCLOSED_QUOTE = ("YAML syntax: a quote that opens on this line is not closed: it runs on to "
                  "line {end}; close it at the end of the text")


def _unclosed_quote(text: str) -> tuple[int, int] | None:
    """(line it opens on, line it ends on) of the first quoted text that ran on into the
    lines after it (see _runs_on) in a file that does not parse: a quote left open runs on
    to the next quote in the file, where the parser only then stumbles."""
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and _runs_on(lines, token.start_mark.line, token.end_mark.line)):
                return token.start_mark.line + 1, token.end_mark.line + 1
    except yaml.YAMLError:
        pass  # the error itself: compose_file explains it
    return None


def _friendly(context: str | None, problem: str | None) -> str:
    """A syntax error in plain words: no parser jargon for a teacher editing by hand."""
    for start, advice in _SYNTAX.items():
        if (problem or "").startswith(start) or (context or "").startswith(start):
            return f"YAML syntax: {advice}"
    return ("YAML syntax: this line does not fit the layout around it: check its indentation, "
            "that it is 'key: value' or '- item', and that quotes are closed")


def compose_file(path: Path, problems: list[Problem]) -> yaml.Node | None | Literal[False]:
    """The file's node tree, None for an empty file, False when it could not be read."""

    def fail(line: int, message: str) -> Literal[False]:
        problems.append(Problem(path, line, message))
        return False

    try:
        raw = _read(path)
    except _NotRegular as exc:
        what = "a folder" if exc.folder else "a pipe, a device or a link to one"
        return fail(0, f"cannot read this file: it is {what}, not a regular file; a checklist "
                    "must be a plain .yaml file")
    except OSError as exc:
        return fail(0, f"cannot read this file: {exc.strerror}")
    if len(raw) > MAX_BYTES:
        return fail(1, "the file is over the 1 MB limit for a checklist file: is this the "
                    "right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(line, f"byte 0x{raw[exc.start]:02x} is not UTF-8 text: save the file as "
                    "UTF-8 (in most editors: Save As, Encoding: UTF-8)")
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return fail(line, "this line has a tab character: YAML needs spaces, so replace the tab "
                    "with spaces")
    global _last_read
    _last_read = (path, text)
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return _compose_fast(text)
        except yaml.YAMLError:
            pass  # explained below by the pure-Python parser
        except _Refused as exc:
            return fail(exc.line, exc.message)
    try:
        return yaml.compose(text, Loader=_StrictLoader)
    except _Refused as exc:
        return fail(exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        # where the unclosed quote or bracket opens, or the key missing its ':', not the
        # line after (or the end of the file)
        if exc.context_mark and context.startswith(
                ("while scanning a quoted", "while scanning a simple key",
                 "while parsing a flow")):
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        opened = _unclosed_quote(text)
        if opened is not None and opened[0] <= line:
            start, end = opened
            return fail(start, UNCLOSED_QUOTE.format(end=end))
        return fail(line, _friendly(context, exc.problem))
    except yaml.YAMLError as exc:  # e.g. ReaderError: a control character
        position = getattr(exc, "position", 0)
        return fail(text[:position].count("\n") + 1,
                    f"not valid YAML ({exc}): remove the unusual character on this line")


class _NotRegular(Exception):
    def __init__(self, mode: int):
        self.folder = stat.S_ISDIR(mode)


# The text compose_file read last, for the Walker that follows it (not read twice)
_last_read: tuple[Path, str] | None = None


def _read(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_BYTES + 1 of them.

    Opened without waiting (a pipe with no writer would block the open itself) and
    checked on the open file, so a link swapped meanwhile cannot point elsewhere.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(mode)
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- walking nodes


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of 'key: value' lines"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


class Walker:
    """Reads a node tree into plain values, collecting problems for one file."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.ok = True
        self._lines: list[str] | None = None  # the file's text, read only when needed

    def problem(self, line: int, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, node: yaml.Node, what: str,
                allowed: tuple[str, ...]) -> dict[str, Entry] | None:
        """{key: (key_node, value_node)}, or None when node is not a mapping."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(line_of(node), f"{what} should be 'key: value' lines, but this is "
                         f"{kind_of(node)}: check the indentation and the ':' after each key")
            return None
        found: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(line_of(key_node), f"a key in {what} is {kind_of(key_node)}: "
                             "keys are single words like 'ask'")
                continue
            key = key_node.value
            if key in found:
                first = line_of(found[key][0])
                self.problem(line_of(key_node), f"'{key}' appears twice in {what} (first on line "
                             f"{first}): keep one")
                continue
            if key not in allowed:
                close = close_match(key, allowed)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problem(line_of(key_node), f"unknown key '{key}' in {what}: {hint}"
                             f"the allowed keys are {', '.join(allowed)}")
                continue
            found[key] = (key_node, value_node)
        return found

    def text(self, entry: Entry, what: str, required: bool = False,
             prose: bool = False) -> str | None:
        """A text value (numbers and yes/no are read as the text written); None if wrong.

        prose: a sentence (a question, probe or hint), where an unquoted '#' is far more
        likely part of it ("our #1 priority") than the start of a YAML comment.
        """
        key_node, node = entry
        if not isinstance(node, yaml.ScalarNode):
            self.problem(line_of(key_node), f"{what} should be text, but it is {kind_of(node)}")
            return None
        if node.style in ("'", '"') and self._runs_on(node):
            # a quote left open that happened to close at a later quote: the lines between
            # (other questions, even) would silently become this text
            self.problem(line_of(node), UNCLOSED_QUOTE.format(end=node.end_mark.line + 1))
            return None
        # "\e]0;...\a" in double quotes is an escape sequence: never on anyone's terminal
        value = "" if node.tag == "tag:yaml.org,2002:null" else \
            safe_text(str(node.value), multiline=True).strip()
        if required and not value:
            self.problem(line_of(key_node), f"{what} is empty: write the text after the ':'")
            return None
        if prose and not node.style and self._comment_after(node):  # plain: not quoted
            self.problem(node.end_mark.line + 1, f"{what}: the text after '#' was read as a "
                         "YAML comment and left out; if it is part of the text, put the whole "
                         "text in quotes (\"...\")")
            return None
        return value

    def flag(self, entry: Entry, what: str) -> bool | None:
        """true or false (YAML's yes/no too); None, with a problem, for anything else."""
        key_node, node = entry
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return str(node.value).lower() in ("true", "yes", "on", "y")
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            self.problem(line_of(key_node), f"{what} is empty: write true or false after the ':'")
            return None
        shown = f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else kind_of(node)
        self.problem(line_of(key_node), f"{what} should be true or false, not {shown}")
        return None

    def _text_lines(self) -> list[str]:
        if self._lines is None:
            if _last_read is not None and _last_read[0] == self.path:
                text = _last_read[1]
            else:  # not composed just before: read it the same careful way
                text = _read(self.path)[:MAX_BYTES].decode("utf-8-sig", "replace")
            self._lines = text.split("\n")
        return self._lines

    def _comment_after(self, node: yaml.Node) -> bool:
        lines = self._text_lines()
        line = node.end_mark.line
        rest = lines[line][node.end_mark.column:] if line < len(lines) else ""
        return rest.lstrip().startswith("#")

    def _runs_on(self, node: yaml.Node) -> bool:
        first, last = node.start_mark.line, node.end_mark.line
        return last > first and _runs_on(self._text_lines(), first, last)

    def text_list(self, entry: Entry, what: str, item_what: str,
                  prose: bool = False) -> tuple[str, ...] | None:
        key_node, node = entry
        if not isinstance(node, yaml.SequenceNode):
            self.problem(line_of(key_node), f"{what} should be a list, each item on its own line "
                         "starting with '- '")
            return None
        items = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                self.problem(line_of(item), f"{item_what} is 'key: value' instead of text: "
                             f"{QUOTE_TIP}")
                continue
            value = self.text((item, item), item_what, required=True, prose=prose)
            if value is not None:
                items.append(value)
        return tuple(items)

    def items(self, entry: Entry, what: str, item_name: str) -> list[yaml.Node]:
        """The nodes of a non-empty list."""
        key_node, node = entry
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                self.problem(line_of(key_node), f"{what} is empty: add at least one {item_name}")
            else:
                self.problem(line_of(key_node), f"{what} should be a list, each {item_name} "
                             "starting with '- '")
            return []
        if not node.value:
            self.problem(line_of(key_node), f"{what} is empty: add at least one {item_name}")
        return list(node.value)


