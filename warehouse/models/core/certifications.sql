-- Certifications (RNCP/RS) and the programmes preparing them, one row per certification: supply counts each
-- certification once however many fiches and sessions describe it. A programme without a certification is its
-- own certification_id. Grain: certification_id.
-- Offered in the region: one of its active programmes is located in the region (the RNCP export is national).
with trainings as (
    select * from {{ ref('trainings') }}
),

fiche as (
    select
        certification_id,
        any_value(title) as title,
        any_value(national_level) as national_level,
    from trainings
    where source = 'rncp'
    group by certification_id
)

select
    trainings.certification_id,
    coalesce(any_value(fiche.title), min(trainings.title)) as title,
    coalesce(any_value(fiche.national_level), max(trainings.national_level)) as national_level,
    list_sort(list_distinct(flatten(list(trainings.rome_codes)))) as rome_codes,
    bool_or(trainings.is_digital) as is_digital,
    bool_or(trainings.is_active) as is_active,
    count(*) filter (where trainings.is_regional and trainings.is_active) as regional_programmes,
    list_sort(list_distinct(list(trainings.department) filter (where trainings.is_regional and trainings.is_active)))
        as departments,
    count(*) filter (where trainings.is_regional and trainings.is_active) > 0 as is_offered_in_region,
from trainings
left join fiche using (certification_id)
group by trainings.certification_id
