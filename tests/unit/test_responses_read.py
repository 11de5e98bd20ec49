"""How export headers and submission ids are matched (nhrp.core.responses)."""

from __future__ import annotations

from nhrp.core.responses import locate, submission_id


def test_a_question_is_found_whatever_group_separator_the_export_used():
    headers = ["grp_org/organisation", "grp_org-other_name", "grp.answer", "files", "x_reason"]
    assert locate(headers, ["organisation", "other_name", "answer", "files", "reason"]) == {
        "organisation": 0, "other_name": 1, "answer": 2, "files": 3}


def test_a_name_matches_only_a_whole_header_part():
    headers = ["r_upr2_1/r_upr2_1_status", "r_upr2_1/r_upr2_1_summary"]
    assert locate(headers, ["status", "r_upr2_1_status"]) == {"r_upr2_1_status": 0}


def test_kobo_and_odk_ids_of_one_submission_are_the_same():
    uuid = "0b6e3c2a-7f1d-4c55-9a0e-2f4d8b1c9e77"
    assert submission_id(uuid) == submission_id("uuid:" + uuid) == "uuid:" + uuid
    assert submission_id(" KEY-17 ") == "KEY-17"
