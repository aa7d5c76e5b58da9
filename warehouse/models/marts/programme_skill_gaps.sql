-- What each programme's market asks for and what the programme teaches, concept by concept, over the window
-- (docs/method.md, "A programme's market"). Grain: training_id, concept_id.
-- Market: the jobs of the window, in the region, whose occupation is one of marts.programme_occupations.
-- status: missing (asked, not taught), taught_and_asked, taught_not_asked (no job of its market asks for it).
-- tier of a missing concept: necessary (asked by ≥ 50 % of its market), frequent (≥ 15 %), emerging (not in the
-- other tiers; at least emerging_min_jobs jobs now and a share at least doubled since the previous window, which
-- must hold at least small_cell_jobs jobs of its market: without a previous window nothing is called emerging).
with market_jobs as (
    select
        programme_occupations.training_id,
        jobs.job_id,
        {{ window_of('jobs.month') }} as window_name,
    from {{ ref('programme_occupations') }} as programme_occupations
    inner join {{ ref('jobs') }} as jobs using (rome_code)
    inner join {{ ref('geography') }} as geography using (department_code)
    where geography.is_in_region and {{ window_of('jobs.month') }} is not null
),

market_totals as (
    select
        training_id,
        count(*) filter (where window_name = 'current') as market_jobs,
        count(*) filter (where window_name = 'previous') as previous_market_jobs,
    from market_jobs
    group by training_id
),

asked as (
    select
        market_jobs.training_id,
        job_skills.concept_id,
        count(*) filter (where market_jobs.window_name = 'current') as jobs,
        count(*) filter (where market_jobs.window_name = 'current' and job_skills.is_required) as required_jobs,
        count(*) filter (where market_jobs.window_name = 'previous') as previous_jobs,
    from market_jobs
    inner join {{ ref('job_skills') }} as job_skills using (job_id)
    group by market_jobs.training_id, job_skills.concept_id
),

taught as (
    select training_id, concept_id, taught_by from {{ ref('programme_skills') }}
),

programmes as (
    select training_id from {{ ref('supply_programmes') }}
),

rows as (
    select training_id, concept_id from asked where jobs > 0
    union
    select training_id, concept_id from taught
),

counted as (
    select
        rows.training_id,
        rows.concept_id,
        skills.level,
        skills.label_fr,
        skills.label_en,
        coalesce(market_totals.market_jobs, 0) as market_jobs,
        coalesce(asked.jobs, 0) as jobs,
        coalesce(asked.required_jobs, 0) as required_jobs,
        coalesce(market_totals.previous_market_jobs, 0) as previous_market_jobs,
        coalesce(asked.previous_jobs, 0) as previous_jobs,
        taught.concept_id is not null as is_taught,
        taught.taught_by,
    from rows
    inner join programmes using (training_id)
    inner join {{ ref('skills') }} as skills using (concept_id)
    left join market_totals using (training_id)
    left join asked using (training_id, concept_id)
    left join taught using (training_id, concept_id)
),

shares as (
    select
        *,
        jobs / nullif(market_jobs, 0) as share,
        required_jobs / nullif(market_jobs, 0) as required_share,
        previous_jobs / nullif(previous_market_jobs, 0) as previous_share,
        {{ wilson_low('jobs', 'market_jobs') }} as share_low,
        {{ wilson_high('jobs', 'market_jobs') }} as share_high,
        market_jobs < {{ var('small_cell_jobs') }} or jobs between 1 and {{ var('small_cell_jobs') - 1 }} as is_small_cell,
    from counted
)

select
    training_id,
    concept_id,
    level,
    label_fr,
    label_en,
    market_jobs,
    jobs,
    required_jobs,
    round(share, 4) as share,
    round(share_low, 4) as share_low,
    round(share_high, 4) as share_high,
    round(required_share, 4) as required_share,
    previous_market_jobs,
    previous_jobs,
    round(previous_share, 4) as previous_share,
    is_taught,
    taught_by,
    case
        when is_taught and jobs > 0 then 'taught_and_asked'
        when is_taught then 'taught_not_asked'
        else 'missing'
    end as status,
    case
        when is_taught or jobs = 0 then null
        when share >= {{ var('tier_necessary') }} then 'necessary'
        when share >= {{ var('tier_frequent') }} then 'frequent'
        when jobs >= {{ var('emerging_min_jobs') }} and previous_market_jobs >= {{ var('small_cell_jobs') }}
             and share >= 2 * previous_share then 'emerging'
    end as tier,
    is_small_cell,
from shares
order by training_id, is_taught, share desc nulls last, concept_id
