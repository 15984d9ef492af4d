"""The facet counts of the kennisbank index, in one query for all facets.

Each facet counts the visible pages that match every filter except its own (see
``kennisbank.listing``). A facet is a list of *links* ``(facet, term, page)``: the
rows of a taxonomy's link table, the practices an organisation offers and the pages it
uses, every practice's municipality, every page's content type. The links of all
facets that count over the same subset of pages are counted in one grouped pass,
restricted to the subset's ids::

    SELECT facet, term, COUNT(DISTINCT page)
    FROM (<links of facet A> UNION ALL <links of facet B> ...) links
    WHERE page IN (<ids of the visible pages matching the filters>)
    GROUP BY facet, term

so the privacy-filtered subset is evaluated once per distinct subset (once without
filters; one more per facet with a filter of its own), never once per term: counting
each term with its own subquery took minutes at 10,000 practices. The groups are
joined with UNION ALL into a single query. ``COUNT(DISTINCT page)`` counts a page once
per term even when two links lead there (an organisation that offers a practice and
also uses it).

``organisation_summary`` counts the same organisation links for "Wie is wie".

Raw SQL because the ORM cannot group over a union; every name comes from the models'
``_meta`` and every value travels as a query parameter.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import RawSQL
from wagtail.models import Page

from .models import KennisbankPage, MethodPage, PracticePage

TYPE_FACET = "type"  # methods or practices
MUNICIPALITY_FACET = "gemeente"  # the municipality of a practice


def _q(name):
    return connection.ops.quote_name(name)


# Below, every table and column name comes from the models' _meta (quoted) and every
# value is a query parameter or an integer: hence the "noqa: S608".


def _m2m_links(relation):
    """``(term slug, page id)`` of a many-to-many field of ``KennisbankPage``."""
    field = KennisbankPage._meta.get_field(relation)
    through = field.remote_field.through
    link = _q(through._meta.db_table)
    page = _q(through._meta.get_field(field.m2m_field_name()).column)
    term = _q(through._meta.get_field(field.m2m_reverse_field_name()).column)
    terms = _q(field.remote_field.model._meta.db_table)
    return (
        f"SELECT t.slug AS term, l.{page} AS page FROM {link} l JOIN {terms} t ON t.id = l.{term}"  # noqa: S608
    )


def _organisation_links():
    """The practices an organisation offers, and the pages it uses."""
    field = PracticePage._meta.get_field("organisation")
    practices = _q(PracticePage._meta.db_table)
    pk = _q(PracticePage._meta.pk.column)
    organisations = _q(field.related_model._meta.db_table)
    offered = (
        f"SELECT o.slug AS term, p.{pk} AS page FROM {practices} p "  # noqa: S608
        f"JOIN {organisations} o ON o.id = p.{_q(field.column)}"
    )
    return f"{offered} UNION ALL {_m2m_links('used_by')}"


def _type_links():
    """Every method and practice with its content type id (as text: every facet's
    terms share one column)."""
    pages = _q(Page._meta.db_table)
    kind = _q(Page._meta.get_field("content_type").column)
    ids = ", ".join(
        str(int(ContentType.objects.get_for_model(model).pk))
        for model in (MethodPage, PracticePage)
    )
    return (
        f"SELECT CAST(p.{kind} AS VARCHAR(20)) AS term, p.id AS page "  # noqa: S608
        f"FROM {pages} p WHERE p.{kind} IN ({ids})"
    )


def _municipality_links():
    practices = _q(PracticePage._meta.db_table)
    pk = _q(PracticePage._meta.pk.column)
    municipality = _q(PracticePage._meta.get_field("municipality").column)
    return (
        f"SELECT p.{municipality} AS term, p.{pk} AS page FROM {practices} p "  # noqa: S608
        f"WHERE p.{municipality} > ''"
    )


def links_sql(facet):
    """The ``(term, page)`` links of a facet: a ``TermFacet``, ``TYPE_FACET`` or
    ``MUNICIPALITY_FACET``."""
    if facet == TYPE_FACET:
        return _type_links()
    if facet == MUNICIPALITY_FACET:
        return _municipality_links()
    if facet.relation:
        return _m2m_links(facet.relation)
    return _organisation_links()


VISIBLE = "visible_pages"  # the common table expression of the visible pages


def within_visible(queryset):
    """``queryset`` narrowed to the rows of the ``VISIBLE`` common table expression:
    for the subsets passed to ``count`` together with ``visible``."""

    return queryset.filter(pk__in=RawSQL(f"SELECT id FROM {VISIBLE}", ()))  # noqa: S608, S611 -- a constant name


def _with_visible(queryset):
    """``(sql, params)``: the ``VISIBLE`` common table expression of ``queryset``'s
    pages, evaluated once however often the query reads it."""
    sql, params = queryset.values("pk").query.sql_with_params()
    return f"WITH {VISIBLE}(id) AS MATERIALIZED ({sql}) ", list(params)


def count(groups, visible=None):
    """``groups``: ``[(subset, [(name, facet), ...]), ...]`` where ``subset`` is a
    queryset of the pages those facets count over and ``facet`` what ``links_sql``
    takes. Returns ``{(name, term): number of pages}`` (zero counts left out).

    ``visible``: a queryset of the pages every subset lies within (the privacy-filtered
    pages of the index). It is evaluated once, as the materialised common table
    expression ``VISIBLE`` that subsets built with ``within_visible`` read, instead of
    once per subset: with a filter chosen there are two or three subsets."""
    prefix, params = _with_visible(visible) if visible is not None else ("", [])
    selects = []
    for subset, facets in groups:
        if not facets:
            continue
        links = " UNION ALL ".join(
            f"SELECT CAST(%s AS VARCHAR(40)) AS facet, term, page FROM ({links_sql(facet)}) l{i}"  # noqa: S608
            for i, (_name, facet) in enumerate(facets)
        )
        subset_sql, subset_params = subset.values("pk").query.sql_with_params()
        selects.append(
            "SELECT x.facet, x.term, COUNT(DISTINCT x.page) "  # noqa: S608
            f"FROM ({links}) x WHERE x.page IN ({subset_sql}) GROUP BY x.facet, x.term"
        )
        params += [name for name, _facet in facets]
        params += list(subset_params)
    if not selects:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(prefix + " UNION ALL ".join(selects), params)
        return {(name, term): n for name, term, n in cursor.fetchall()}


def organisation_summary(subset, slugs):
    """What the organisations in ``slugs`` do, among the pages of ``subset``, in one
    query: ``(kinds, themes)`` with ``kinds = {slug: {content type id: n}}`` (the
    methods and practices each offers or uses) and ``themes = {slug: [(theme slug,
    theme name, n), ...]}`` (the themes of those pages). The same links as the index's
    organisation filter, so a count matches what ``?organisatie=<slug>&...`` lists."""
    if not slugs:
        return {}, {}
    pages = _q(Page._meta.db_table)
    kind = _q(Page._meta.get_field("content_type").column)
    field = KennisbankPage._meta.get_field("themes")
    through = field.remote_field.through
    link = _q(through._meta.db_table)
    link_page = _q(through._meta.get_field(field.m2m_field_name()).column)
    link_theme = _q(through._meta.get_field(field.m2m_reverse_field_name()).column)
    themes_table = _q(field.remote_field.model._meta.db_table)
    prefix, subset_params = _with_visible(subset)
    marks = ", ".join(["%s"] * len(slugs))
    # The visible pages once, as a common table expression both parts read.
    where = f"x.term IN ({marks}) AND x.page IN (SELECT id FROM {VISIBLE})"  # noqa: S608
    links = _organisation_links()
    sql = (
        f"{prefix}"  # noqa: S608
        f"SELECT x.term, 'kind', CAST(p.{kind} AS VARCHAR(20)), '', COUNT(DISTINCT x.page) "
        f"FROM ({links}) x JOIN {pages} p ON p.id = x.page "
        f"WHERE {where} GROUP BY x.term, p.{kind} "
        "UNION ALL "
        "SELECT x.term, 'theme', t.slug, t.name, COUNT(DISTINCT x.page) "
        f"FROM ({links}) x JOIN {link} l ON l.{link_page} = x.page "
        f"JOIN {themes_table} t ON t.id = l.{link_theme} "
        f"WHERE {where} GROUP BY x.term, t.slug, t.name"
    )
    params = [*subset_params, *slugs, *slugs]
    kinds, themes = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for slug, row_kind, key, label, n in cursor.fetchall():
            if row_kind == "kind":
                kinds.setdefault(slug, {})[int(key)] = n
            else:
                themes.setdefault(slug, []).append((key, label, n))
    return kinds, themes
