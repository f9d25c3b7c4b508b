from django.utils import translation

from itaku.journal.actions import action_label


def test_known_action_has_a_label_in_both_languages():
    with translation.override("ja"):
        assert action_label("contracts.contract.created") == "契約を登録しました"
    with translation.override("en"):
        assert action_label("contracts.contract.created") == "Contract registered"


def test_unknown_action_is_shown_as_its_code():
    assert action_label("something.new") == "something.new"


def _written_actions() -> tuple[set[str], set[str]]:
    """Every action code the code writes, outside tests and migrations: each literal on a line that passes
    ``action=`` (``action="app.thing.done"``, ``action="app.thing.a" if … else "app.thing.b"``, each word of
    ``action="app.thing." + ("a" if … else "b")``), and the prefixes of those built as ``f"app.thing.{…}"``."""
    import re
    from pathlib import Path

    import itaku

    root = Path(itaku.__file__).parent
    found, families = set(), set()
    for path in root.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        for line in path.read_text().splitlines():
            if "action=" not in line:
                continue
            found |= set(re.findall(r'"([a-z_]+\.[a-z_]+\.[a-z_]+)"', line))
            for prefix, choices in re.findall(r'action\s*=\s*"([a-z_]+\.[a-z_]+\.)"\s*\+\s*\(([^)]*)\)', line):
                found |= {prefix + word for word in re.findall(r'"([a-z_]+)"', choices)}
            families |= set(re.findall(r'action\s*=\s*f"([a-z_]+\.[a-z_]+\.)\{', line))
    return found, families


def test_every_action_the_code_writes_has_a_label_in_both_languages():
    from itaku.journal.actions import all_labels

    written, families = _written_actions()
    assert len(written) > 50 and "oversight.compliance.returned" in written
    assert sorted(written - set(all_labels())) == []
    assert sorted(f for f in families if not any(code.startswith(f) for code in all_labels())) == []
    with translation.override("en"):
        untranslated = [a for a in written if any("\u3040" <= c <= "\u30ff" for c in str(action_label(a)))]
    assert untranslated == []
