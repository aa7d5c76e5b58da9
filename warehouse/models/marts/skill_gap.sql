-- The gap between what recruiters ask for and what programmes teach, per concept, scope and place, over the
-- window (docs/method.md). Grain: concept_id, scope, geo_level, geo_code.
-- Demand: distinct jobs of the window (re-posts count once) asking for the concept, over the jobs of the window
-- in scope. Supply: distinct certifications offered in the place (core.certification_offers: an active programme
-- taught there, or a partner located there) teaching it, over the certifications offered there in scope; the
-- active programmes taught there are given beside. Every share has its counts and its
-- 95 % Wilson interval; a gap is clear only when the two intervals do not overlap and neither cell is small.
with departments as (
    select * from {{ ref('geography') }} where is_in_region
),

places as (
    select department_code, 'department' as geo_level, department_code as geo_code, department_name as geo_name
    from departments
    union all
    select department_code, 'former_region', former_region_name, former_region_name
    from departments where former_region_name is not null
    union all
    select department_code, 'region', region_code, region_name
    from departments
),

scopes as (
    select * from (values ('digital'), ('all')) as scopes (scope)
),

units as (
    select distinct geo_level, geo_code, geo_name, scope from places cross join scopes
),

job_totals as (
    select
        places.geo_level,
        places.geo_code,
        monthly_jobs.scope,
        cast(sum(monthly_jobs.jobs) filter (where monthly_jobs.window_name = 'current') as bigint) as jobs_total,
        cast(sum(monthly_jobs.jobs) filter (where monthly_jobs.window_name = 'previous') as bigint) as previous_jobs_total,
    from (select *, {{ window_of('month') }} as window_name from {{ ref('monthly_jobs') }}) as monthly_jobs
    inner join places using (department_code)
    group by places.geo_level, places.geo_code, monthly_jobs.scope
),

demand as (
    select
        places.geo_level,
        places.geo_code,
        monthly_demand.scope,
        monthly_demand.concept_id,
        cast(sum(monthly_demand.jobs) filter (where monthly_demand.window_name = 'current') as bigint) as jobs,
        cast(sum(monthly_demand.required_jobs) filter (where monthly_demand.window_name = 'current') as bigint) as required_jobs,
        cast(sum(monthly_demand.jobs) filter (where monthly_demand.window_name = 'previous') as bigint) as previous_jobs,
    from (select *, {{ window_of('month') }} as window_name from {{ ref('monthly_demand') }}) as monthly_demand
    inner join places using (department_code)
    group by places.geo_level, places.geo_code, monthly_demand.scope, monthly_demand.concept_id
),

offered as (
    -- each certification offered in a place unit (core.certification_offers: by an active programme taught there or
    -- by a partner located there), with the programme offering it (null for a partner) and the scopes it is in
    select distinct
        places.geo_level,
        places.geo_code,
        scopes.scope,
        case when offers.offered_by = 'programme' then offers.offer_id end as training_id,
        offers.certification_id,
    from {{ ref('certification_offers') }} as offers
    inner join places using (department_code)
    inner join {{ ref('certifications') }} as certifications using (certification_id)
    cross join scopes
    where scopes.scope = 'all' or certifications.is_digital
),

supply_totals as (
    select
        geo_level,
        geo_code,
        scope,
        count(distinct certification_id) as certifications_total,
        count(distinct training_id) as programmes_total,
    from offered
    group by geo_level, geo_code, scope
),

certification_supply as (
    select
        offered.geo_level,
        offered.geo_code,
        offered.scope,
        certification_skills.concept_id,
        count(distinct offered.certification_id) as certifications,
    from offered
    inner join {{ ref('certification_skills') }} as certification_skills using (certification_id)
    group by offered.geo_level, offered.geo_code, offered.scope, certification_skills.concept_id
),

programme_supply as (
    select
        offered.geo_level,
        offered.geo_code,
        offered.scope,
        programme_skills.concept_id,
        count(distinct offered.training_id) as programmes,
    from offered
    inner join {{ ref('programme_skills') }} as programme_skills using (training_id)
    group by offered.geo_level, offered.geo_code, offered.scope, programme_skills.concept_id
),

counts as (
    select
        skills.concept_id,
        skills.level,
        skills.label_fr,
        skills.label_en,
        skills.category,
        units.scope,
        units.geo_level,
        units.geo_code,
        units.geo_name,
        {{ window_start_month() }} as window_start,
        cast({{ window_end_month() }} + interval 1 month - interval 1 day as date) as window_end,
        coalesce(job_totals.jobs_total, 0) as jobs_total,
        coalesce(demand.jobs, 0) as jobs,
        coalesce(demand.required_jobs, 0) as required_jobs,
        coalesce(job_totals.previous_jobs_total, 0) as previous_jobs_total,
        coalesce(demand.previous_jobs, 0) as previous_jobs,
        coalesce(supply_totals.certifications_total, 0) as certifications_total,
        coalesce(certification_supply.certifications, 0) as certifications,
        coalesce(supply_totals.programmes_total, 0) as programmes_total,
        coalesce(programme_supply.programmes, 0) as programmes,
    from {{ ref('skills') }} as skills
    cross join units
    left join job_totals using (geo_level, geo_code, scope)
    left join demand using (geo_level, geo_code, scope, concept_id)
    left join supply_totals using (geo_level, geo_code, scope)
    left join certification_supply using (geo_level, geo_code, scope, concept_id)
    left join programme_supply using (geo_level, geo_code, scope, concept_id)
),

shares as (
    select
        *,
        jobs / nullif(jobs_total, 0) as demand_share,
        {{ wilson_low('jobs', 'jobs_total') }} as demand_low,
        {{ wilson_high('jobs', 'jobs_total') }} as demand_high,
        required_jobs / nullif(jobs_total, 0) as required_share,
        previous_jobs / nullif(previous_jobs_total, 0) as previous_demand_share,
        certifications / nullif(certifications_total, 0) as supply_share,
        {{ wilson_low('certifications', 'certifications_total') }} as supply_low,
        {{ wilson_high('certifications', 'certifications_total') }} as supply_high,
        programmes / nullif(programmes_total, 0) as programme_share,
        jobs_total < {{ var('small_cell_jobs') }} or jobs between 1 and {{ var('small_cell_jobs') - 1 }} as demand_small_cell,
        certifications_total < {{ var('small_cell_programmes') }}
            or certifications between 1 and {{ var('small_cell_programmes') - 1 }} as supply_small_cell,
    from counts
)

select
    concept_id,
    level,
    label_fr,
    label_en,
    category,
    scope,
    geo_level,
    geo_code,
    geo_name,
    window_start,
    window_end,
    jobs_total,
    jobs,
    required_jobs,
    round(demand_share, 4) as demand_share,
    round(demand_low, 4) as demand_low,
    round(demand_high, 4) as demand_high,
    round(required_share, 4) as required_share,
    previous_jobs_total,
    previous_jobs,
    round(previous_demand_share, 4) as previous_demand_share,
    round(demand_share - previous_demand_share, 4) as demand_trend,
    certifications_total,
    certifications,
    round(supply_share, 4) as supply_share,
    round(supply_low, 4) as supply_low,
    round(supply_high, 4) as supply_high,
    programmes_total,
    programmes,
    round(programme_share, 4) as programme_share,
    round(demand_share - supply_share, 4) as share_gap,
    demand_small_cell,
    supply_small_cell,
    case
        when jobs_total = 0 or certifications_total = 0 then 'no_data'
        when demand_small_cell or supply_small_cell then 'small_cell'
        when demand_low > supply_high then 'asked_more_than_taught'
        when supply_low > demand_high then 'taught_more_than_asked'
        else 'not_significant'
    end as gap_status,
from shares
order by scope, geo_level, geo_code, level, share_gap desc nulls last, concept_id
