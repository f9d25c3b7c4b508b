from django.utils import translation

from itaku.journal.actions import action_label


def test_known_action_has_a_label_in_both_languages():
    with translation.override("ja"):
        assert action_label("contracts.contract.created") == "契約を登録しました"
    with translation.override("en"):
        assert action_label("contracts.contract.created") == "Contract registered"


def test_unknown_action_is_shown_as_its_code():
    assert action_label("something.new") == "something.new"
