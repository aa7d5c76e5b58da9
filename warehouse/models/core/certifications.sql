-- Certifications (RNCP/RS) and the programmes preparing them, one row per certification: supply counts each
-- certification once however many fiches and sessions describe it. A programme without a certification is its
-- own certification_id. Grain: certification_id.
-- Status: its fiche's (active, inactive, replaced); without a fiche in the export, replaced when another fiche
-- names it as a certification it succeeds. Old↔new links are read from both sides and followed to the newest.
-- Offered in the region: core.certification_offers holds a row for it (an active programme taught in the region,
-- or, while it is active, a partner with an authorisation in force located there), the one rule of supply.
-- Digital: its fiche or one of its active programmes is (core.trainings.describes_certification): an ended offer
-- or a national catalogue entry (ONISEP Idéo) adds nothing to a certification's supply side.
with recursive trainings as (
    select * from {{ ref('trainings') }}
),

fiche as (
    select
        certification_id,
        any_value(title) as title,
        any_value(national_level) as national_level,
        any_value(status) as status,
        any_value(replaces) as replaces,
        any_value(replaced_by) as replaced_by,
        any_value(registered_on) as registered_on,
        any_value(registered_until) as registered_until,
        any_value(awarded_until) as awarded_until,
    from trainings
    where source = 'rncp'
    group by certification_id
),

links as (  -- old → new, as either fiche states it
    select unnest(replaces) as old_id, certification_id as new_id from fiche
    union
    select certification_id as old_id, unnest(replaced_by) as new_id from fiche
),

next_link as (  -- a certification replaced by several: the highest number, the newest
    select old_id, max(new_id) as new_id from links group by old_id
),

newest (certification_id, current_id, depth) as (
    select old_id, new_id, 1 from next_link
    union all
    select newest.certification_id, next_link.new_id, newest.depth + 1
    from newest
    inner join next_link on next_link.old_id = newest.current_id
    where newest.depth < 20  -- a loop in the register's links ends here
),

current_certification as (
    select certification_id, arg_max(current_id, depth) as current_certification_id,
    from newest
    group by certification_id
),

older as (
    select new_id as certification_id, list(distinct old_id) as replaces from links group by new_id
),

newer as (
    select old_id as certification_id, list(distinct new_id) as replaced_by from links group by old_id
),

partners as (
    select
        certification_id,
        count(*) filter (where is_active) as partners,
    from {{ ref('certification_partners') }}
    group by certification_id
),

offers as (
    select
        certification_id,
        count(distinct offer_id) filter (where offered_by = 'programme') as regional_programmes,
        count(distinct offer_id) filter (where offered_by = 'partner') as regional_partners,
        list_sort(list_distinct(list(department_code))) as departments,
    from {{ ref('certification_offers') }}
    group by certification_id
),

programmes as (
    select
        trainings.certification_id,
        coalesce(any_value(fiche.title), min(trainings.title)) as title,
        coalesce(any_value(fiche.national_level), max(trainings.national_level)) as national_level,
        list_sort(list_distinct(flatten(list(trainings.rome_codes)))) as rome_codes,
        coalesce(bool_or(trainings.is_digital) filter (where trainings.describes_certification), false) as is_digital,
        bool_or(trainings.is_active) as is_active,
    from trainings
    left join fiche using (certification_id)
    group by trainings.certification_id
)

select
    programmes.*,
    coalesce(fiche.status, case when newer.certification_id is not null then 'replaced' end) as status,
    list_sort(coalesce(older.replaces, [])) as replaces,
    list_sort(coalesce(newer.replaced_by, [])) as replaced_by,
    coalesce(current_certification.current_certification_id, programmes.certification_id) as current_certification_id,
    fiche.registered_on,
    fiche.registered_until,
    fiche.awarded_until,
    coalesce(offers.regional_programmes, 0) as regional_programmes,
    coalesce(offers.departments, []) as departments,
    coalesce(partners.partners, 0) as partners,
    coalesce(offers.regional_partners, 0) as regional_partners,
    offers.certification_id is not null as is_offered_in_region,
from programmes
left join fiche using (certification_id)
left join current_certification using (certification_id)
left join older using (certification_id)
left join newer using (certification_id)
left join partners using (certification_id)
left join offers using (certification_id)
