"""Fill an e-form in Chromium by its visible Vietnamese labels, section by section (each section is a container
`.st-key-<prefix>_sec_<section>`), as a citizen copies the papers."""

from __future__ import annotations

import re

from tests.e2e.helpers import wait_for_app


def section(page, prefix: str, section_id: str):
    """A section of the e-form; prefix "bundle" finds it in whichever part of a bundle has it."""
    if prefix == "bundle":
        whole = f"[class*='st-key-bundle_'][class*='_sec_{section_id} '], [class*='st-key-bundle_'][class$='_sec_{section_id}']"
        return page.locator(whole).first  # the section id as a whole class name (not "request" in "requester")
    return page.locator(f".st-key-{prefix}_sec_{section_id}")


def pick_unit(page, scope, label: str, commune: str | None = None) -> None:
    scope.get_by_label(label, exact=True).first.click()
    if commune:
        page.keyboard.type(commune)
        page.get_by_role("option").first.click()
    else:  # the first commune of the list
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    wait_for_app(page)


def type_in(page, scope, label: str, value: str) -> None:
    box = scope.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_for_app(page)


def choose(page, scope, label: str, option: str) -> None:
    scope.get_by_label(label, exact=True).first.click()
    page.keyboard.type(option)  # long lists are virtualised: type to filter first
    page.get_by_role("option", name=re.compile(f"^{re.escape(option)}$")).first.click()
    wait_for_app(page)


def fill(page, prefix: str, section_id: str, texts: dict[str, str] | None = None,
         choices: dict[str, str] | None = None) -> None:
    scope = section(page, prefix, section_id)
    for label, option in (choices or {}).items():
        choose(page, scope, label, option)
    for label, value in (texts or {}).items():
        type_in(page, scope, label, value)


MOTHER = {"Họ, chữ đệm và tên *": "Ma Thị Liên", "Ngày, tháng, năm sinh *": "27/04/2005", "Dân tộc *": "Tày",
          "Số định danh cá nhân *": "006305001234", "Nơi cư trú: số nhà, thôn, tổ, đường": "Tổ 8"}


def fill_birth_form(page, prefix: str = "portal", *, child_born: str = "18/02/2026", commune: str | None = None) -> None:
    """The child, the mother (the father not declared) and the requester's relationship of Đăng ký khai sinh."""
    fill(page, prefix, "relation", choices={"Quan hệ với trẻ *": "Mẹ"})
    fill(page, prefix, "child", texts={"Họ, chữ đệm, tên của trẻ *": "Hà Minh An",
                                       "Ngày, tháng, năm sinh của trẻ *": child_born,
                                       "Nơi sinh *": "Trạm Y tế phường Nguyễn Thị Minh Khai",
                                       "Dân tộc của trẻ *": "Tày"},
         choices={"Giới tính của trẻ *": "Nam"})
    pick_unit(page, section(page, prefix, "mother"), "Nơi cư trú *", commune)
    fill(page, prefix, "mother", texts=MOTHER)
    fill(page, prefix, "father_question", choices={"Có khai thông tin người cha không? *": "Không"})


def fill_residence_form(page, prefix: str = "portal") -> None:
    """Mẫu CT01 for a permanent residence: the new home, the old address, the household head's consent."""
    fill(page, prefix, "request", choices={"Đăng ký *": "Thường trú"})
    request = section(page, prefix, "request")
    pick_unit(page, request, "Địa chỉ chỗ ở đề nghị đăng ký *")
    pick_unit(page, request, "Nơi cư trú trước khi chuyển đến *")
    fill(page, prefix, "request", texts={"Địa chỉ chỗ ở đề nghị đăng ký: số nhà, thôn, tổ, đường": "Tổ 8",
                                         "Nơi cư trú trước khi chuyển đến: số nhà, thôn, tổ, đường": "Tổ 7"})
    fill(page, prefix, "household", texts={"Họ và tên chủ hộ *": "Hà Văn Lợi", "Quan hệ với chủ hộ *": "Con"},
         choices={"Chủ hộ, chủ sở hữu đã đồng ý cho đăng ký *": "Có"})
