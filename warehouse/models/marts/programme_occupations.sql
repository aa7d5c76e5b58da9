-- Each programme's market: the occupations whose postings it prepares for (docs/method.md, "A programme's
-- market"). Grain: training_id, rome_code.
-- match: 'rome' — a ROME code of the programme; 'rome_family' — a ROME 4.0 sheet of a ROME v3 code the
-- programme gives (its parent code), kept when its postings' skills are close enough to what the programme
-- teaches (similarity ≥ market_min_similarity), or all of them when none is; 'nearest' — for a programme
-- without ROME codes, the occupations whose postings' skills are closest to what it teaches (stated as such),
-- among occupations with at least nearest_min_jobs jobs in the window (a profile needs a few postings).
-- similarity: cosine between what the programme teaches (named skills) and the share of the occupation's jobs
-- asking for each named skill, over the window, in the region.
with window_jobs as (
    select jobs.*
    from {{ ref('jobs') }} as jobs
    inner join {{ ref('geography') }} as geography using (department_code)
    where geography.is_in_region and {{ window_of('jobs.month') }} = 'current' and jobs.rome_code is not null
),

occupation_jobs as (
    select rome_code, count(*) as jobs from window_jobs group by rome_code
),

occupation_profiles as (
    select
        window_jobs.rome_code,
        job_skills.concept_id,
        count(*) / any_value(occupation_jobs.jobs) as share,
    from window_jobs
    inner join {{ ref('job_skills') }} as job_skills using (job_id)
    inner join occupation_jobs using (rome_code)
    where job_skills.level = 'skill'
    group by window_jobs.rome_code, job_skills.concept_id
),

occupation_norms as (
    select rome_code, sqrt(sum(share * share)) as norm from occupation_profiles group by rome_code
),

programmes as (
    select training_id, trainings.rome_codes
    from {{ ref('supply_programmes') }}
    inner join {{ ref('trainings') }} as trainings using (training_id)
),

taught as (
    select training_id, concept_id from {{ ref('programme_skills') }} where level = 'skill'
),

taught_counts as (
    select training_id, count(*) as skills from taught group by training_id
),

similarities as (
    select
        taught.training_id,
        occupation_profiles.rome_code,
        sum(occupation_profiles.share) / (sqrt(any_value(taught_counts.skills)) * any_value(occupation_norms.norm)) as similarity,
    from taught
    inner join occupation_profiles using (concept_id)
    inner join taught_counts using (training_id)
    inner join occupation_norms using (rome_code)
    group by taught.training_id, occupation_profiles.rome_code
),

codes as (
    select training_id, unnest(rome_codes) as code from programmes
),

by_code as (
    select
        codes.training_id,
        occupations.rome_code,
        case when occupations.rome_code = codes.code then 'rome' else 'rome_family' end as match,
    from codes
    inner join {{ ref('occupations') }} as occupations
        on occupations.rome_code = codes.code or occupations.parent_rome_code = codes.code
),

by_code_scored as (
    select
        by_code.training_id,
        by_code.rome_code,
        min(by_code.match) as match,  -- 'rome' before 'rome_family'
        coalesce(any_value(similarities.similarity), 0) as similarity,
    from by_code
    left join similarities using (training_id, rome_code)
    group by by_code.training_id, by_code.rome_code
),

kept_by_code as (
    select * from by_code_scored
    where match = 'rome' or similarity >= {{ var('market_min_similarity') }}
),

with_jobs as (
    select distinct kept_by_code.training_id
    from kept_by_code inner join occupation_jobs using (rome_code)
),

family_fallback as (
    -- no occupation kept has postings in the window: the whole family, as the RNCP gives it
    select * from by_code_scored where training_id not in (select training_id from with_jobs)
),

nearest as (
    select
        similarities.training_id,
        similarities.rome_code,
        'nearest' as match,
        similarities.similarity,
    from similarities
    inner join programmes using (training_id)
    inner join occupation_jobs using (rome_code)
    where len(programmes.rome_codes) = 0 and occupation_jobs.jobs >= {{ var('nearest_min_jobs') }}
    qualify row_number() over (partition by similarities.training_id order by similarities.similarity desc, similarities.rome_code)
        <= {{ var('nearest_occupations') }}
),

markets as (
    select * from kept_by_code
    union
    select * from family_fallback
    union
    select * from nearest
)

select
    markets.training_id,
    markets.rome_code,
    occupations.label_fr as occupation_label_fr,
    markets.match,
    round(markets.similarity, 4) as similarity,
    coalesce(occupation_jobs.jobs, 0) as window_jobs,
from markets
inner join {{ ref('occupations') }} as occupations using (rome_code)
left join occupation_jobs using (rome_code)
order by markets.training_id, markets.similarity desc, markets.rome_code
