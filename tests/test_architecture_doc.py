"""docs/architecture.md stays true: its tree names every app and every lib module, and each
file it names exists (and holds the function it names)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "easeplan"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
TREE = DOC.split("## The tree", 1)[1].split("```")[1]
APP_LINE = re.compile(r"^  (\w+)/\s")
NAMED = re.compile(r"[\w/.]*\w(?:\.py|/)")


def _tree_by_app() -> dict[str, str]:
    """The tree's text under each app of easeplan/ (its line and the lines that follow)."""
    apps: dict[str, str] = {}
    current = None
    for line in TREE.splitlines():
        found = APP_LINE.match(line)
        if found:
            current = found.group(1)
        elif not line.startswith(" "):
            current = None  # easeplan/ itself, templates/, tests/
        if current is not None:
            apps[current] = apps.get(current, "") + line[len(f"  {current}/") :] + "\n"
    return apps


def _exists_in(app: Path, name: str) -> bool:
    """`name` (a module, a subpackage, or a path) is somewhere in `app`."""
    if name.endswith("/"):
        return any(p.is_dir() for p in app.rglob(name.rstrip("/")))
    return (app / name).exists() or any(app.rglob(name))


def test_the_tree_names_every_app() -> None:
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert set(_tree_by_app()) == apps


def test_every_file_and_folder_the_tree_names_exists_in_its_app() -> None:
    missing = [
        f"{app}/: {name}"
        for app, text in _tree_by_app().items()
        for name in NAMED.findall(text)
        if not name.startswith("/")  # a URL (/setup/)
        if not _exists_in(PACKAGE / app, name)
    ]
    assert missing == []


def test_the_tree_names_every_lib_module() -> None:
    named = set(NAMED.findall(_tree_by_app()["lib"]))
    modules = {p.name for p in (PACKAGE / "lib").glob("*.py") if p.name != "__init__.py"}
    assert modules - named == set()


def _named_paths() -> list[tuple[str, str]]:
    """(path, name) for every `path` or `path: name` in backticks that is a file or folder of
    the repository (not a URL, a pattern or a bare app name)."""
    found = []
    prose = re.sub(r"```.*?```", "", DOC, flags=re.S)
    for quoted in re.findall(r"`([^`]+)`", prose):
        path, _, name = quoted.partition(": ")
        if " " in path or "<" in path or re.fullmatch(r"\w+/", path) or "/" not in path:
            continue
        found.append((path, name))
    return found


def _resolve(path: str) -> Path | None:
    for base in (ROOT, PACKAGE):
        if (base / path).exists():
            return base / path
    return None


def test_every_path_the_page_names_exists_and_holds_what_it_says() -> None:
    wrong = []
    for path, name in _named_paths():
        found = _resolve(path)
        if found is None:
            wrong.append(f"{path}: missing")
        elif name and not re.search(rf"^(?:def|class) {name}\b|^{name} =", found.read_text(), re.M):
            wrong.append(f"{path}: no {name}")
    assert wrong == []
    assert ("care/nudges/emails.py", "plan_nudge") in _named_paths()


def test_the_figure_4_rule_and_the_missed_visit_email_are_found_at_the_first_look() -> None:
    rows = {
        line.split("|")[1].strip(): line.split("|")[2]
        for line in DOC.splitlines()
        if line.startswith("| ")
    }
    figure_4 = next(v for k, v in rows.items() if "figure-4" in k and "posterior hip" in k)
    assert "`screening/rules/contraindications.py`" in figure_4
    rule = (PACKAGE / "screening" / "rules" / "contraindications.py").read_text()
    assert "def _hip_finding" in rule and "figure-4" in rule
    missed = next(v for k, v in rows.items() if "plan visit is missed" in k)
    assert "`care/nudges/emails.py: plan_nudge`" in missed
    assert (ROOT / "templates" / "emails" / "plan-nudge-body.txt").exists()
