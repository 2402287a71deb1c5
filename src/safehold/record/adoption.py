"""Adoption and permanence: the decision to place, placement and adoption orders, matching,
placing for adoption and its ending, adopters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import code, date, flag, integer, person_ref, row_id, row_ref, text

AD = "adoption"


class Permanence(Provenance, Base):
    """A child's adoption or other permanence journey (SSDA903 AD1 and PlacedAdoption)."""

    __tablename__ = "permanence"
    __table_args__ = {"info": {"record_kind": "adoption_record"}}

    id: Mapped[str] = row_id(ssd="ssd_permanence.perm_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_permanence.perm_person_id")
    period_id: Mapped[str | None] = text(None, 48, ssd="ssd_permanence.perm_cla_id")
    decision_date: Mapped[dt.date | None] = date(
        AD,
        ssd="ssd_permanence.perm_adm_decision_date",
        dfe="SSDA903 AD1.DATE_INT; PlacedAdoption.DATE_PLACED",
        doc="the decision that the child should be placed for adoption",
    )
    ffa_decision_date: Mapped[dt.date | None] = date(
        AD, ssd="ssd_permanence.perm_ffa_cp_decision_date"
    )
    placement_order_date: Mapped[dt.date | None] = date(
        AD, ssd="ssd_permanence.perm_placement_order_date"
    )
    placed_for_adoption_date: Mapped[dt.date | None] = date(
        AD, ssd="ssd_permanence.perm_placed_for_adoption_date"
    )
    matched_date: Mapped[dt.date | None] = date(
        AD, ssd="ssd_permanence.perm_matched_date", dfe="SSDA903 AD1.DATE_MATCH"
    )
    adopted_by_carer: Mapped[bool | None] = flag(
        AD, ssd="ssd_permanence.perm_adopted_by_carer_flag", dfe="SSDA903 AD1.FOSTER_CARE"
    )
    placed_ffa_date: Mapped[dt.date | None] = date(AD, ssd="ssd_permanence.perm_placed_ffa_cp_date")
    decision_reversed_date: Mapped[dt.date | None] = date(
        AD,
        ssd="ssd_permanence.perm_decision_reversed_date",
        dfe="SSDA903 PlacedAdoption.DATE_PLACED_CEASED",
    )
    placed_with_foster_carer_date: Mapped[dt.date | None] = date(
        AD, ssd="ssd_permanence.perm_placed_foster_carer_date"
    )
    sibling_group: Mapped[bool | None] = flag(AD, ssd="ssd_permanence.perm_part_of_sibling_group")
    siblings_placed_together: Mapped[int | None] = integer(
        AD, ssd="ssd_permanence.perm_siblings_placed_together"
    )
    siblings_placed_apart: Mapped[int | None] = integer(
        AD, ssd="ssd_permanence.perm_siblings_placed_apart"
    )
    provider_urn: Mapped[str | None] = text(
        AD, 48, ssd="ssd_permanence.perm_placement_provider_urn"
    )
    decision_reversed_reason: Mapped[str | None] = code(
        "reason_placed_ceased",
        AD,
        ssd="ssd_permanence.perm_decision_reversed_reason",
        dfe="SSDA903 PlacedAdoption.REASON_PLACED_CEASED",
    )
    order_date: Mapped[dt.date | None] = date(
        AD,
        ssd="ssd_permanence.perm_permanence_order_date",
        doc="date of the adoption order (or other permanence order)",
    )
    order_type: Mapped[str | None] = text(
        AD,
        100,
        ssd="ssd_permanence.perm_permanence_order_type",
        doc="e.g. Adoption Order, Special Guardianship Order",
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_permanence.perm_adoption_worker_id", ondelete="SET NULL"
    )
    adopter_sex: Mapped[str | None] = code(
        "sex_of_adopters", AD, ssd="ssd_permanence.perm_adopter_sex", dfe="SSDA903 AD1.SEX_ADOPTR"
    )
    adopter_legal_status: Mapped[str | None] = code(
        "legal_status_of_adopters",
        AD,
        length=4,
        ssd="ssd_permanence.perm_adopter_legal_status",
        dfe="SSDA903 AD1.LS_ADOPTR",
    )
    number_of_adopters: Mapped[str | None] = code(
        "number_of_adopters",
        AD,
        ssd="ssd_permanence.perm_number_of_adopters",
        dfe="SSDA903 AD1.NB_ADOPTR",
    )
