-- How well each programme of the regional supply (core.supply_programmes) covers what its market asks for
-- (docs/method.md). Grain: training_id.
-- alignment_score: the share of its market's demand for named skills that it teaches, each skill weighted by
-- how many jobs of its market require it (0 = teaches none of it, 1 = all of it); null without a market.
with gaps as (
    select * from {{ ref('programme_skill_gaps') }}
),

skill_weights as (
    select
        training_id,
        sum(required_jobs) as required_weight,
        sum(required_jobs) filter (where is_taught) as covered_weight,
    from gaps
    where level = 'skill'
    group by training_id
),

occupations as (
    select
        training_id,
        list(rome_code order by similarity desc, rome_code) as market_occupations,
        case
            when bool_or(match = 'nearest') then 'nearest'
            when bool_or(match = 'rome_family') then 'rome_family'
            else 'rome'
        end as market_rule,
    from {{ ref('programme_occupations') }}
    group by training_id
),

lists as (
    select
        training_id,
        any_value(market_jobs) as market_jobs,
        count(*) filter (where level = 'skill' and status = 'taught_and_asked') as skills_taught_and_asked,
        count(*) filter (where level = 'skill' and status = 'missing') as skills_missing,
        count(*) filter (where level = 'skill' and tier = 'necessary') as skills_necessary_missing,
        count(*) filter (where level = 'skill' and tier = 'frequent') as skills_frequent_missing,
        count(*) filter (where level = 'skill' and tier = 'emerging') as skills_emerging_missing,
        list(label_fr order by share desc, concept_id) filter (where level = 'skill' and tier = 'necessary') as necessary_missing,
        list(label_fr order by share desc, concept_id) filter (where level = 'skill' and tier = 'frequent') as frequent_missing,
        list(label_fr order by share desc, concept_id) filter (where level = 'skill' and tier = 'emerging') as emerging_missing,
        list(label_fr order by share desc, concept_id) filter (where level = 'area' and tier in ('necessary', 'frequent'))
            as areas_missing,
        list(label_fr order by concept_id) filter (where level = 'skill' and status = 'taught_not_asked') as taught_not_asked,
    from gaps
    group by training_id
)

select
    trainings.training_id,
    trainings.title,
    trainings.certification_id,
    trainings.provider,
    trainings.city,
    trainings.department,
    trainings.national_level,
    trainings.is_digital,
    supply.role as supply_role,
    occupations.market_rule,
    coalesce(occupations.market_occupations, []) as market_occupations,
    coalesce(lists.market_jobs, 0) as market_jobs,
    coalesce(lists.market_jobs, 0) < {{ var('small_cell_jobs') }} as is_small_market,
    round(coalesce(skill_weights.covered_weight, 0) / nullif(skill_weights.required_weight, 0), 4) as alignment_score,
    coalesce(lists.skills_taught_and_asked, 0) as skills_taught_and_asked,
    coalesce(lists.skills_missing, 0) as skills_missing,
    coalesce(lists.skills_necessary_missing, 0) as skills_necessary_missing,
    coalesce(lists.skills_frequent_missing, 0) as skills_frequent_missing,
    coalesce(lists.skills_emerging_missing, 0) as skills_emerging_missing,
    coalesce(lists.necessary_missing, []) as necessary_missing,
    coalesce(lists.frequent_missing, []) as frequent_missing,
    coalesce(lists.emerging_missing, []) as emerging_missing,
    coalesce(lists.areas_missing, []) as areas_missing,
    coalesce(lists.taught_not_asked, []) as taught_not_asked,
from {{ ref('supply_programmes') }} as supply
inner join {{ ref('trainings') }} as trainings using (training_id)
left join occupations using (training_id)
left join lists using (training_id)
left join skill_weights using (training_id)
order by trainings.training_id
