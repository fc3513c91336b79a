"""What of a text is embedded: no paragraph numbers, no recommending States."""

from uprtc.embeddings.text import clean_recommendation, sentences


def test_a_recommendation_loses_its_paragraph_number_and_recommenders():
    raw = (
        "115.4 Ratify the Optional Protocol to the Covenant (Spain, Tunisia, Portugal);"
    )
    assert clean_recommendation(raw) == "Ratify the Optional Protocol to the Covenant"


def test_parentheses_inside_the_text_are_kept():
    raw = "121.3 Ratify the Convention (ILO No. 189) on domestic workers (Philippines);"
    assert clean_recommendation(raw) == (
        "Ratify the Convention (ILO No. 189) on domestic workers"
    )


def test_plain_text_is_left_alone():
    assert clean_recommendation("Train judges on hate speech.") == (
        "Train judges on hate speech."
    )


def test_sentences_split_and_short_fragments_join_the_previous_one():
    text = (
        "Train judges and prosecutors on domestic violence. See below. "
        "A campaign against hate speech online will follow!\n"
        "A third line here, long enough."
    )
    assert sentences(text) == [
        "Train judges and prosecutors on domestic violence. See below.",
        "A campaign against hate speech online will follow!",
        "A third line here, long enough.",
    ]


def test_chinese_and_arabic_sentences_split_on_their_own_marks():
    assert (
        len(
            sentences(
                "培训法官和检察官处理家庭暴力案件。开展反对网络仇恨言论的宣传运动。"
            )
        )
        == 2
    )
    assert (
        len(
            sentences(
                "تدريب القضاة على قضايا العنف المنزلي؟ "
                "وحملة ضد خطاب الكراهية على الإنترنت."
            )
        )
        == 2
    )
