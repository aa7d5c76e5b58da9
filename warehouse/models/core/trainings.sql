-- Training programmes (RNCP/RS certifications, LHEO regional offers, ONISEP initial trainings). Grain: training_id.
-- Active: listed by its catalogue (and still returned by the last complete crawl); a programme with dated
-- sessions is active only when one of them is current: it runs within the window, or starts within it or later
-- (core.training_sessions).
-- Regional: its place, or one of its sessions' places, is in the region.
-- Supply scope: what kind of supply a programme can be (docs/method.md, "Offered in the region"):
-- 'certification_register' — an RNCP/RS fiche, national: its certification is offered where its programmes or
-- partners are; 'national_catalogue' — a programme that names no place, of it or of a session (ONISEP Idéo's
-- initial trainings): what exists nationally, never regional supply; 'regional' — placed in the region;
-- 'outside_region' — placed elsewhere.
-- Digital programme: one of the occupations it leads to (ROME codes, or a ROME 4.0 sheet whose parent code it
-- gives) is digital (core.occupations); without ROME codes (or with none the referential knows), it teaches at
-- least two competence areas.
with units as (
    select
        training_id,
        count(*) as analysed_units,
    from {{ source('landing', 'training_units') }}
    group by training_id
),

codes as (
    select
        training_id,
        unnest(rome_codes) as rome_code,
    from {{ ref('stg_catalogues__trainings') }}
),

digital_by_code as (
    select
        codes.training_id,
        bool_or(occupations.is_digital) as leads_to_digital,
    from codes
    inner join {{ ref('occupations') }} as occupations
        on occupations.rome_code = codes.rome_code or occupations.parent_rome_code = codes.rome_code
    group by codes.training_id
),

sessions as (
    select
        training_id,
        count(*) filter (where is_dated) as dated_sessions,
        count(*) filter (where is_current) as current_sessions,
        bool_or(is_regional) as has_regional_session,
        bool_or(department is not null or commune_code is not null) as has_placed_session,
    from {{ ref('training_sessions') }}
    group by training_id
),

areas_taught as (
    select
        training_id,
        count(*) as areas,
    from {{ ref('training_skills') }}
    where level = 'area'
    group by training_id
)
,

programmes as (
    select
        trainings.* exclude (is_active),
        trainings.is_active and (coalesce(sessions.dated_sessions, 0) = 0 or sessions.current_sessions > 0) as is_active,
        coalesce(sessions.dated_sessions, 0) as dated_sessions,
        coalesce(sessions.current_sessions, 0) as current_sessions,
        coalesce(units.analysed_units, 0) as analysed_units,
        coalesce(geography.is_in_region, false) or coalesce(sessions.has_regional_session, false) as is_regional,
        case
            when trainings.source = 'rncp' then 'certification_register'
            when coalesce(geography.is_in_region, false) or coalesce(sessions.has_regional_session, false) then 'regional'
            when trainings.department is null and trainings.commune_code is null and not coalesce(sessions.has_placed_session, false)
                then 'national_catalogue'
            else 'outside_region'
        end as supply_scope,
        case
            when digital_by_code.training_id is not null then digital_by_code.leads_to_digital
            else coalesce(areas_taught.areas, 0) >= 2  -- no ROME code, or none the referential knows
        end as is_digital,
    from {{ ref('stg_catalogues__trainings') }} as trainings
    left join units using (training_id)
    left join digital_by_code using (training_id)
    left join areas_taught using (training_id)
    left join sessions using (training_id)
    left join {{ ref('geography') }} as geography on geography.department_code = trainings.department
)

select
    *,
    -- what it teaches and leads to describes its certification's supply: an RNCP/RS fiche, or an active programme
    -- naming a place (an ended offer or a national catalogue entry describes none)
    supply_scope = 'certification_register' or (is_active and supply_scope in ('regional', 'outside_region'))
        as describes_certification,
from programmes
