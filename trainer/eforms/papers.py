"""The papers a citizen fills an e-form from, as held in the data store (kho dữ liệu), and the facts on each.

A fact name here is what an e-form field's `copy_from` and a scenario's form expectation (`fact:`) refer to; the
sandbox's fake-people factory writes these facts into `StoredDocument.data` (trainer/sandbox/papers.py).
"""

from __future__ import annotations

PAPER_FACTS: dict[str, tuple[str, ...]] = {
    # Giấy chứng sinh (health facility), held by the mother
    "birth_notice": ("child_date_of_birth", "child_gender", "child_place_of_birth", "child_weight_grams",
                     "mother_full_name", "mother_date_of_birth", "mother_national_id", "mother_address",
                     "mother_address_unit", "father_full_name"),
    # Giấy báo tử, held by the relative who declares the death
    "death_notice": ("deceased_full_name", "deceased_date_of_birth", "deceased_gender", "deceased_national_id",
                     "date_of_death", "place_of_death", "cause_of_death"),
    # Căn cước of a person: the citizen's own, or the spouse-to-be's copy
    "id_card": ("full_name", "date_of_birth", "gender", "national_id", "address"),
    "spouse_id_card": ("spouse_full_name", "spouse_date_of_birth", "spouse_gender", "spouse_national_id",
                       "spouse_ethnicity", "spouse_address", "spouse_address_unit"),
    # Thông tin cư trú: the household's old address and the new home (giấy tờ chứng minh chỗ ở hợp pháp)
    "residence_record": ("old_address", "old_address_unit", "household_head"),
    "lawful_home_proof": ("new_address", "new_address_unit", "home_owner"),
    "marriage_certificate": ("spouse",),
    "birth_certificate": ("place",),
    # Giấy chứng nhận quyền sử dụng đất of the household's home, held by the head
    "land_certificate": ("land_holder", "certificate_serial", "certificate_issued_on", "parcel_number", "map_sheet",
                         "parcel_area", "land_use", "parcel_address", "parcel_address_unit"),
    # Giấy phép lái xe of an adult
    "driving_licence": ("licence_holder", "licence_number", "licence_class", "licence_issued_on",
                        "licence_expires_on", "licence_issued_by"),
}
