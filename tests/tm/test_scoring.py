"""How a stored source scores against a new one, and how numbers are repaired: the spec."""

from __future__ import annotations

from tm.scoring import repair_numbers, score

SENTENCE = "Die Regierung hat am Montag in Berlin ein neues Gesetz zum Klimaschutz beschlossen."


def test_the_same_sentence_scores_100():
    assert score(SENTENCE, SENTENCE) == 100


def test_white_space_differences_do_not_count():
    assert score(SENTENCE, SENTENCE.replace(" ", "  \n")) == 100


def test_one_word_replaced_in_a_long_sentence_scores_in_the_high_80s():
    assert 85 <= score(SENTENCE, SENTENCE.replace("Montag", "Dienstag")) < 95


def test_one_word_left_out_scores_like_one_word_replaced():
    assert score(SENTENCE, SENTENCE.replace(" neues", "")) == score(
        SENTENCE, SENTENCE.replace("neues", "altes")
    )


def test_more_edits_score_lower():
    one = score(SENTENCE, SENTENCE.replace("Montag", "Dienstag"))
    two = score(SENTENCE, SENTENCE.replace("Montag", "Dienstag").replace("Berlin", "Bonn"))
    assert two < one


def test_a_difference_only_in_case_costs_one_point():
    assert score(SENTENCE, SENTENCE.replace("Die Regierung", "die Regierung")) == 99


def test_a_difference_only_in_punctuation_costs_one_point():
    assert score(SENTENCE, SENTENCE.rstrip(".")) == 99


def test_a_difference_only_in_a_number_costs_one_point():
    assert score("Der Preis stieg um 3 Prozent.", "Der Preis stieg um 4 Prozent.") == 99


def test_a_difference_only_in_inline_markup_costs_one_point_per_code():
    codes = ['<bpt i="1">&lt;b&gt;</bpt>', '<ept i="1">&lt;/b&gt;</ept>']
    assert score(SENTENCE, SENTENCE, (), codes) == 98
    assert score(SENTENCE, SENTENCE, codes, codes) == 100


def test_many_small_differences_never_cost_more_than_a_few_points():
    shouty = SENTENCE.upper().replace(".", "!")
    assert score(SENTENCE, shouty) >= 95


def test_only_the_same_words_in_the_same_case_reach_100():
    assert score(SENTENCE, SENTENCE.lower()) == 97  # three capitals: the case cap


def test_unrelated_sentences_score_below_50():
    pairs = [
        ("Die Regierung hat am Montag ein Gesetz beschlossen.",
         "Die Polizei hat am Dienstag einen Mann festgenommen."),
        (SENTENCE, "Der FC Bayern gewann das Spiel gegen Dortmund mit drei zu eins."),
        ("Das Wetter bleibt morgen sonnig und warm.", "Die Inflation ist im Oktober gestiegen."),
    ]  # fmt: skip
    assert [score(a, b) < 50 for a, b in pairs] == [True, True, True]


def test_numbers_that_differ_are_replaced_in_the_proposed_target():
    assert (
        repair_numbers("Es kamen 250 Gäste.", "Es kamen 300 Gäste.", "250 guests came.")
        == "300 guests came."
    )


def test_german_decimal_numbers_are_repaired_in_english_notation():
    assert (
        repair_numbers(
            "Der Preis stieg um 3,5 Prozent auf 1.200 Euro.",
            "Der Preis stieg um 4,2 Prozent auf 1.300 Euro.",
            "The price rose by 3.5 percent to 1,200 euros.",
        )
        == "The price rose by 4.2 percent to 1,300 euros."
    )


def test_a_target_is_left_as_it_is_when_the_numbers_cannot_be_paired():
    target = "Two hundred and fifty guests came."
    assert repair_numbers("Es kamen 250 Gäste.", "Es kamen 300 Gäste.", target) == target
    assert repair_numbers("Es kamen 250 Gäste.", "Es kamen 3 mal 300.", "250 came.") == "250 came."
