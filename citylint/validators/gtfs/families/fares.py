"""GTFS-Fares v2: fare media, fare products priced per rider category, and fare transfer rules."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, column
from citylint.validators.gtfs.spec import REFERENCE
from citylint.validators.gtfs.value_rules import MissingRequiredField

FARE_MEDIA = "fare_media.txt"
FARE_PRODUCTS = "fare_products.txt"
RIDER_CATEGORIES = "rider_categories.txt"
FARE_TRANSFER_RULES = "fare_transfer_rules.txt"
FARE_LEG_JOIN_RULES = "fare_leg_join_rules.txt"

# rider_categories.is_default_fare_category: 1 marks the category shown when the rider does not say.
IS_DEFAULT = 1
# transfer_count: -1 means unlimited; any other value must be positive.
UNLIMITED_TRANSFERS = -1
FARE_MEDIA_TYPES = (0, 1, 2, 3, 4)


class DuplicateFareMedia(
    GtfsRule,
    code="duplicate_fare_media",
    severity=Severity.WARNING,
    spec=REFERENCE + "#fare_mediatxt",
    message="fare_media.txt rows {csvRowNumber1} ({fareMediaId1}) and {csvRowNumber2} "
    "({fareMediaId2}) have the same fare_media_name and fare_media_type",
):
    """Two fare media have the same `fare_media_name` and `fare_media_type`.

    ## Why it matters
    Riders and trip planners tell fare media apart by name and type; two ids for the same card or app
    split its fare products between them, and a planner may offer the rider the wrong one.

    ## Example
    `fare_media.txt` lists `navigo,Carte Navigo,2` and `navigo_2,Carte Navigo,2`.

    ## Reference
    GTFS Schedule reference, `fare_media.txt`: each fare medium is described once
    (https://gtfs.org/documentation/schedule/reference/#fare_mediatxt). MobilityData rule
    `duplicate_fare_media`.
    """


class FareProductWithMultipleDefaultRiderCategories(
    GtfsRule,
    code="fare_product_with_multiple_default_rider_categories",
    severity=Severity.ERROR,
    spec=REFERENCE + "#rider_categoriestxt",
    message="fare product {fareProductId} is priced for two default rider categories: {riderCategoryId1} "
    "(fare_products.txt row {csvRowNumber1}) and {riderCategoryId2} (row {csvRowNumber2})",
):
    """A fare product is priced for more than one rider category marked as the default.

    ## Why it matters
    The default rider category is the price a trip planner shows when the rider has not said who they
    are. With two defaults for one product the displayed price is a guess.

    ## Example
    `rider_categories.txt` marks both `adult` and `senior` with `is_default_fare_category` = `1`, and
    `fare_products.txt` prices product `single` for both.

    ## Reference
    GTFS Schedule reference, `rider_categories.txt` `is_default_fare_category`: at most one category
    may be the default for a fare product
    (https://gtfs.org/documentation/schedule/reference/#rider_categoriestxt). MobilityData rule
    `fare_product_with_multiple_default_rider_categories`.
    """


class FareTransferRuleDurationLimitTypeWithoutDurationLimit(
    GtfsRule,
    code="fare_transfer_rule_duration_limit_type_without_duration_limit",
    severity=Severity.ERROR,
    spec=REFERENCE + "#fare_transfer_rulestxt",
    message="fare_transfer_rules.txt row {csvRowNumber}: duration_limit_type is set but duration_limit is "
    "empty",
):
    """A fare transfer rule sets `duration_limit_type` but no `duration_limit`.

    ## Why it matters
    The type says from which event a transfer window is measured; without a duration there is no window,
    so the rule is ambiguous: unlimited time, or a forgotten value?

    ## Example
    `fare_transfer_rules.txt`: `bus,bus,1,,1,0,transfer` (`duration_limit` empty,
    `duration_limit_type` = `1`).

    ## Reference
    GTFS Schedule reference, `fare_transfer_rules.txt` `duration_limit_type`: forbidden when
    `duration_limit` is empty (https://gtfs.org/documentation/schedule/reference/#fare_transfer_rulestxt).
    MobilityData rule `fare_transfer_rule_duration_limit_type_without_duration_limit`.
    """


class FareTransferRuleDurationLimitWithoutType(
    GtfsRule,
    code="fare_transfer_rule_duration_limit_without_type",
    severity=Severity.ERROR,
    spec=REFERENCE + "#fare_transfer_rulestxt",
    message="fare_transfer_rules.txt row {csvRowNumber}: duration_limit is set but duration_limit_type is "
    "empty",
):
    """A fare transfer rule sets `duration_limit` but no `duration_limit_type`.

    ## Why it matters
    A 90-minute window means different things measured from the first boarding or from the last
    alighting; without the type a fare calculator cannot tell whether a transfer is still valid.

    ## Example
    `fare_transfer_rules.txt`: `bus,bus,1,5400,,0,transfer` (`duration_limit_type` empty).

    ## Reference
    GTFS Schedule reference, `fare_transfer_rules.txt` `duration_limit_type`: required when
    `duration_limit` is defined (https://gtfs.org/documentation/schedule/reference/#fare_transfer_rulestxt).
    MobilityData rule `fare_transfer_rule_duration_limit_without_type`.
    """


class FareTransferRuleInvalidTransferCount(
    GtfsRule,
    code="fare_transfer_rule_invalid_transfer_count",
    severity=Severity.ERROR,
    spec=REFERENCE + "#fare_transfer_rulestxt",
    message="fare_transfer_rules.txt row {csvRowNumber}: transfer_count {transferCount} is neither -1 "
    "(unlimited) nor a positive number",
):
    """A fare transfer rule between a leg group and itself has a `transfer_count` that is `0` or below `-1`.

    ## Why it matters
    `transfer_count` says how many consecutive transfers the rule allows: `-1` for no limit, otherwise a
    positive number. Zero or a negative count allows nothing a fare calculator can apply.

    ## Example
    `fare_transfer_rules.txt`: `bus,bus,0,5400,1,0,transfer` (`transfer_count` = `0`).

    ## Reference
    GTFS Schedule reference, `fare_transfer_rules.txt` `transfer_count`: a non-zero integer, `-1` for
    no limit, `1` or more otherwise (https://gtfs.org/documentation/schedule/reference/#fare_transfer_rulestxt).
    MobilityData rule `fare_transfer_rule_invalid_transfer_count`.
    """


class FareTransferRuleWithForbiddenTransferCount(
    GtfsRule,
    code="fare_transfer_rule_with_forbidden_transfer_count",
    severity=Severity.ERROR,
    spec=REFERENCE + "#fare_transfer_rulestxt",
    message="fare_transfer_rules.txt row {csvRowNumber}: transfer_count is set on a transfer between two "
    "different leg groups",
):
    """A fare transfer rule between two different leg groups sets `transfer_count`.

    ## Why it matters
    `transfer_count` limits chains of transfers within one leg group. Between two different groups it
    has no meaning, and a consumer may apply it where the producer did not intend.

    ## Example
    `fare_transfer_rules.txt`: `bus,tram,2,5400,1,0,transfer` (`from_leg_group_id` ≠
    `to_leg_group_id`, `transfer_count` = `2`).

    ## Reference
    GTFS Schedule reference, `fare_transfer_rules.txt` `transfer_count`: forbidden when
    `from_leg_group_id` differs from `to_leg_group_id`
    (https://gtfs.org/documentation/schedule/reference/#fare_transfer_rulestxt). MobilityData rule
    `fare_transfer_rule_with_forbidden_transfer_count`.
    """


class FareTransferRuleWithoutTransferCount(
    GtfsRule,
    code="fare_transfer_rule_without_transfer_count",
    severity=Severity.ERROR,
    spec=REFERENCE + "#fare_transfer_rulestxt",
    message="fare_transfer_rules.txt row {csvRowNumber}: a transfer within one leg group has no "
    "transfer_count",
):
    """A fare transfer rule between a leg group and itself has no `transfer_count`.

    ## Why it matters
    Within one leg group a transfer can chain (bus, bus, bus...); without a count nobody knows how many
    of those transfers the rule covers.

    ## Example
    `fare_transfer_rules.txt`: `bus,bus,,5400,1,0,transfer` (`transfer_count` empty).

    ## Reference
    GTFS Schedule reference, `fare_transfer_rules.txt` `transfer_count`: required when
    `from_leg_group_id` equals `to_leg_group_id`
    (https://gtfs.org/documentation/schedule/reference/#fare_transfer_rulestxt). MobilityData rule
    `fare_transfer_rule_without_transfer_count`.
    """


RULES = (
    DuplicateFareMedia,
    FareProductWithMultipleDefaultRiderCategories,
    FareTransferRuleDurationLimitTypeWithoutDurationLimit,
    FareTransferRuleDurationLimitWithoutType,
    FareTransferRuleInvalidTransferCount,
    FareTransferRuleWithForbiddenTransferCount,
    FareTransferRuleWithoutTransferCount,
)


def _duplicate_fare_media(feed: Feed, sink: FindingSink) -> None:
    media = feed.validator_input(FARE_MEDIA)
    if media is None or media.height < 2:
        return
    # The key is (name, type), an empty name being a value like any other. MobilityData maps every
    # fare_media_type it does not know to one UNRECOGNIZED constant, so 7 and 9 are the same type.
    kind = column(media, "fare_media_type").cast(pl.Int64)
    key = ("__name", "__type")
    keyed = (
        media.sort(ROW)
        .select(
            ROW,
            column(media, "fare_media_id"),
            __name=column(media, "fare_media_name"),
            __type=pl.when(kind.is_in(FARE_MEDIA_TYPES)).then(kind).otherwise(-1),
        )
        .with_columns(
            # Every later row of a key is reported against the first row of that key, not the previous one.
            __first_row=pl.col(ROW).first().over(key),
            __first_id=pl.col("fare_media_id").first().over(key),
        )
    )
    sink.add_frame(
        DuplicateFareMedia,
        keyed.filter(pl.col(ROW) != pl.col("__first_row")).select(
            csvRowNumber1=pl.col("__first_row"),
            fareMediaId1=pl.col("__first_id"),
            csvRowNumber2=pl.col(ROW),
            fareMediaId2=pl.col("fare_media_id"),
        ),
        file=FARE_MEDIA,
    )


def _multiple_default_rider_categories(feed: Feed, sink: FindingSink) -> None:
    # MobilityData runs this only when rider_categories.txt is in the feed.
    if not feed.has(RIDER_CATEGORIES):
        return
    categories = feed.validator_input(RIDER_CATEGORIES)
    products = feed.validator_input(FARE_PRODUCTS)
    if categories is None or products is None or products.height == 0 or categories.height == 0:
        return
    # A rider_category_id listed twice is looked up by its first row, as MobilityData's index does.
    defaults = (
        categories.sort(ROW)
        .select(column(categories, "rider_category_id"), column(categories, "is_default_fare_category"))
        .filter(pl.col("rider_category_id").is_not_null())
        .unique("rider_category_id", keep="first", maintain_order=True)
        .filter(pl.col("is_default_fare_category") == IS_DEFAULT)
        .get_column("rider_category_id")
    )
    if defaults.is_empty():
        return
    # Per product, its distinct default categories in file order: the first two make the finding.
    priced = (
        products.sort(ROW)
        .select(ROW, column(products, "fare_product_id"), column(products, "rider_category_id"))
        .filter(
            pl.col("fare_product_id").is_not_null() & pl.col("rider_category_id").is_in(defaults.implode())
        )
        .unique(["fare_product_id", "rider_category_id"], keep="first", maintain_order=True)
        .with_columns(__rank=pl.int_range(pl.len()).over("fare_product_id"))
    )
    pairs = (
        priced.filter(pl.col("__rank") < 2)
        .group_by("fare_product_id", maintain_order=True)
        .agg(pl.col(ROW), pl.col("rider_category_id"))
        .filter(pl.col(ROW).list.len() == 2)
    )
    sink.add_frame(
        FareProductWithMultipleDefaultRiderCategories,
        pairs.select(
            fareProductId=pl.col("fare_product_id"),
            csvRowNumber1=pl.col(ROW).list.get(0),
            riderCategoryId1=pl.col("rider_category_id").list.get(0),
            csvRowNumber2=pl.col(ROW).list.get(1),
            riderCategoryId2=pl.col("rider_category_id").list.get(1),
        ),
        file=FARE_PRODUCTS,
    )


def _transfer_rules(feed: Feed, sink: FindingSink) -> None:
    rules = feed.entities(FARE_TRANSFER_RULES)
    if rules is None or rules.height == 0:
        return
    from_group, to_group = column(rules, "from_leg_group_id"), column(rules, "to_leg_group_id")
    count = column(rules, "transfer_count")
    limit, limit_type = column(rules, "duration_limit"), column(rules, "duration_limit_type")
    # Only a transfer within one leg group (both ids present and equal) may, and must, have a count.
    within_group = (from_group.is_not_null() & to_group.is_not_null() & (from_group == to_group)).fill_null(
        False
    )
    row = {"csvRowNumber": pl.col(ROW)}
    checks: list[tuple[type[GtfsRule], pl.Expr, dict[str, pl.Expr]]] = [
        (FareTransferRuleDurationLimitWithoutType, limit.is_not_null() & limit_type.is_null(), row),
        (
            FareTransferRuleDurationLimitTypeWithoutDurationLimit,
            limit.is_null() & limit_type.is_not_null(),
            row,
        ),
        (
            FareTransferRuleInvalidTransferCount,
            within_group & ((count < UNLIMITED_TRANSFERS) | (count == 0)).fill_null(False),
            {**row, "transferCount": count},
        ),
        (FareTransferRuleWithoutTransferCount, within_group & count.is_null(), row),
        (FareTransferRuleWithForbiddenTransferCount, ~within_group & count.is_not_null(), row),
    ]
    wanted = [c for c in checks if sink.wants(c[0])]
    lazy = rules.lazy()
    found = pl.collect_all([lazy.filter(when).select(**fields) for _, when, fields in wanted])
    for (rule, _, _), frame in zip(wanted, found, strict=True):
        sink.add_frame(rule, frame, file=FARE_TRANSFER_RULES)


def _leg_join_stops(feed: Feed, sink: FindingSink) -> None:
    """A fare leg join rule naming one stop of the join must name the other (MobilityData's
    FareLegJoinRuleValidator, which also reads routes and networks, so it runs only when all three load;
    its foreign keys are checked in keys.py)."""
    joins = feed.validator_input(FARE_LEG_JOIN_RULES)
    if joins is None or joins.height == 0 or not sink.wants(MissingRequiredField):
        return
    if not feed.usable("routes.txt", "networks.txt"):
        return
    from_stop, to_stop = column(joins, "from_stop_id"), column(joins, "to_stop_id")
    sink.add_frame(
        MissingRequiredField,
        joins.filter(from_stop.is_null() != to_stop.is_null()).select(
            filename=pl.lit(FARE_LEG_JOIN_RULES),
            csvRowNumber=pl.col(ROW),
            fieldName=pl.when(to_stop.is_null()).then(pl.lit("to_stop_id")).otherwise(pl.lit("from_stop_id")),
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    _duplicate_fare_media(feed, sink)
    _multiple_default_rider_categories(feed, sink)
    _transfer_rules(feed, sink)
    _leg_join_stops(feed, sink)
