#!/usr/bin/env python3
"""Keeps the server crate's layout honest: no source file over the line limit, and no circle in
its module import graph (a module never imports a module that imports it back, directly or
through others).

Each file under server/src is one module (foo.rs or foo/mod.rs). An import is a `use` of a
`crate::`, `super::` or `self::` path (grouped forms included, `pub use` re-exports too) or of a
child module by its bare name, and an inline path in code starting with `crate::`, `super::`,
`self::` or a child module's name. Each import is resolved to the deepest module file that
exists. `mod` declarations are not imports, and a module referring to itself (its own inline test
module, say) is no edge. The binary's main.rs is a crate of its own, so it is counted for length
only.

Standard library only; exits 1 printing why when the layout breaks a rule.
"""

import re
import sys
from pathlib import Path

MAX_LINES = 500
ROOT = Path(__file__).resolve().parent.parent / "server" / "src"

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
INLINE_PATH = re.compile(rf"\b(?:crate|super|self)(?:\s*::\s*{IDENT})+")
BARE_PATH = re.compile(rf"(?<![\w:])({IDENT})(?:\s*::\s*{IDENT})+")
USE_STATEMENT = re.compile(r"\buse\s+([^;]*);")
INLINE_MODULE = re.compile(rf"\bmod\s+({IDENT})\s*\{{")
RAW_STRING = re.compile(r'b?r(#*)"')
CHARACTER = re.compile(r"'(?:\\.|\\u\{[0-9a-fA-F]+\}|[^\\'])'")


def is_identifier(character: str) -> bool:
    return character.isalnum() or character == "_"


def module_path(file: Path) -> tuple:
    """The module path of a source file: lib.rs is the root, foo/mod.rs and foo.rs are `foo`."""
    parts = list(file.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] in ("mod", "lib"):
        parts.pop()
    return tuple(parts)


def strip_comments_and_strings(source: str) -> str:
    """Blanks comments, string and character literals (keeping line breaks), so that neither
    prose nor text can look like an import."""
    out = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end == -1 else end
        elif source.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if source.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif source.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    out.append("\n" if source[i] == "\n" else "")
                    i += 1
        elif RAW_STRING.match(source, i) and (i == 0 or not is_identifier(source[i - 1])):
            raw = RAW_STRING.match(source, i)
            closing = '"' + raw.group(1)
            end = source.find(closing, raw.end())
            end = n if end == -1 else end + len(closing)
            out.append("\n" * source.count("\n", i, end) + '""')
            i = end
        elif c == '"':
            i = skip_string(source, i, out)
        elif c == "'" and CHARACTER.match(source, i):
            literal = CHARACTER.match(source, i)
            out.append("' '")
            i = literal.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_string(source: str, i: int, out: list) -> int:
    """Skips the ordinary string literal opening at `i`, keeping its line breaks."""
    j = i + 1
    while j < len(source) and source[j] != '"':
        j += 2 if source[j] == "\\" else 1
    out.append("\n" * source.count("\n", i, j) + '""')
    return j + 1


def expand_use_tree(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e], each a list of segments."""
    tree = re.sub(r"\s+", "", tree)
    tree = re.sub(rf"\bas{IDENT}", "", re.sub(r"\s+as\s+", " as", tree))
    return [path for path in _expand(tree, []) if path]


def _expand(tree: str, prefix: list) -> list:
    brace = tree.find("{")
    if brace == -1:
        return [prefix + [part for part in tree.split("::") if part and part != "*"]]
    head = [part for part in tree[:brace].split("::") if part]
    body = tree[brace + 1:tree.rfind("}")]
    paths, depth, start = [], 0, 0
    for i, c in enumerate(body + ","):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            item = body[start:i]
            if item:
                paths += _expand(item, prefix + head)
            start = i + 1
    return paths


def absolute(segments: list, current: tuple, known: set):
    """The absolute path a `crate::`/`super::`/`self::` (or child-module) path names, or None
    when it names something outside the crate."""
    # `use crate::a::{self, B}` names `crate::a` itself.
    segments = segments[:1] + [s for s in segments[1:] if s != "self"]
    if not segments:
        return None
    first = segments[0]
    if first == "crate":
        return tuple(segments[1:])
    if first in ("super", "self"):
        base = list(current)
        rest = segments
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                if not base:
                    return None
                base.pop()
            rest = rest[1:]
        return tuple(base + rest)
    if current + (first,) in known:
        return current + tuple(segments)
    return None


def deepest_module(path: tuple, known: set) -> tuple:
    for length in range(len(path), -1, -1):
        if path[:length] in known:
            return path[:length]
    return ()


def imports_of(file: Path, known: set) -> set:
    """The modules a file imports."""
    source = strip_comments_and_strings(file.read_text(encoding="utf-8"))
    file_module = module_path(file)
    # Inline `mod name { ... }` blocks shift what `super::` and `self::` mean inside them.
    inline_at = []  # (start offset, end offset, name)
    for match in INLINE_MODULE.finditer(source):
        depth, i = 1, match.end()
        while i < len(source) and depth:
            depth += {"{": 1, "}": -1}.get(source[i], 0)
            i += 1
        inline_at.append((match.start(), i, match.group(1)))

    def module_at(offset: int) -> tuple:
        return file_module + tuple(name for start, end, name in inline_at if start < offset < end)

    targets = set()
    use_spans = []
    for match in USE_STATEMENT.finditer(source):
        use_spans.append(match.span())
        current = module_at(match.start())
        for segments in expand_use_tree(match.group(1)):
            path = absolute(segments, current, known)
            if path is not None:
                targets.add(deepest_module(path, known))
    for match in INLINE_PATH.finditer(source):
        if any(start <= match.start() < end for start, end in use_spans):
            continue
        segments = re.sub(r"\s+", "", match.group(0)).split("::")
        path = absolute(segments, module_at(match.start()), known)
        if path is not None:
            targets.add(deepest_module(path, known))
    # A child module named in code (`steps::save`) without a `use`.
    for match in BARE_PATH.finditer(source):
        if any(start <= match.start() < end for start, end in use_spans):
            continue
        current = module_at(match.start())
        if current + (match.group(1),) in known:
            segments = re.sub(r"\s+", "", match.group(0)).split("::")
            targets.add(deepest_module(current + tuple(segments), known))
    targets.discard(file_module)
    return targets


def find_cycles(graph: dict) -> list:
    """One cycle from each strongly connected component that has one (Tarjan's algorithm)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(set(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [cycle_within(component, graph) for component in components]


def cycle_within(component: set, graph: dict) -> list:
    """A shortest path from the component's first module back to itself."""
    start = min(component)
    previous = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & component):
                if target == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    return [start] + list(reversed(path[:-1])) + [start]
                if target not in previous:
                    previous[target] = node
                    following.append(target)
        frontier = following
    return [start]


def name(module: tuple) -> str:
    return "crate::" + "::".join(module) if module else "crate (lib.rs)"


def main() -> int:
    files = sorted(ROOT.rglob("*.rs"))
    problems = []
    for file in files:
        lines = len(file.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            problems.append(f"{file.relative_to(ROOT.parent.parent)} has {lines} lines (limit {MAX_LINES})")
    library = [file for file in files if file.relative_to(ROOT) != Path("main.rs")]
    known = {module_path(file) for file in library}
    graph = {module_path(file): imports_of(file, known) for file in library}
    for cycle in find_cycles(graph):
        problems.append("import cycle: " + " -> ".join(name(module) for module in cycle))
    for problem in problems:
        print(problem)
    if problems:
        return 1
    edges = sum(len(targets) for targets in graph.values())
    print(f"server layout ok: {len(files)} files, {edges} imports between modules, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
