-- The gap between what recruiters ask for and what programmes teach.
-- Grain: one row per concept (competence area or named skill).
-- Demand counts distinct jobs (re-posts of one job count once); supply counts active programmes.
-- share_gap > 0: asked for more often than taught.
with jobs as (
    select count(distinct duplicate_group) as total from {{ ref('postings') }}
),

programmes as (
    select count(*) as total from {{ ref('trainings') }} where is_active
),

demand as (
    select
        posting_skills.concept_id,
        count(distinct postings.duplicate_group) as demand_postings,
        count(distinct postings.duplicate_group) filter (where posting_skills.requirement = 'required') as demand_required,
    from {{ ref('posting_skills') }} as posting_skills
    inner join {{ ref('postings') }} as postings using (posting_id)
    group by posting_skills.concept_id
),

supply as (
    select
        training_skills.concept_id,
        count(distinct training_skills.training_id) as supply_trainings,
    from {{ ref('training_skills') }} as training_skills
    inner join {{ ref('trainings') }} as trainings using (training_id)
    where trainings.is_active
    group by training_skills.concept_id
),

gap as (
    select
        skills.concept_id,
        skills.level,
        skills.label_fr,
        skills.label_en,
        skills.category,
        coalesce(demand.demand_postings, 0) as demand_postings,
        coalesce(demand.demand_required, 0) as demand_required,
        coalesce(supply.supply_trainings, 0) as supply_trainings,
        round(coalesce(demand.demand_postings, 0) / nullif(jobs.total, 0), 4) as demand_share,
        round(coalesce(supply.supply_trainings, 0) / nullif(programmes.total, 0), 4) as supply_share,
        round(
            coalesce(demand.demand_postings, 0) / nullif(jobs.total, 0)
            - coalesce(supply.supply_trainings, 0) / nullif(programmes.total, 0),
            4
        ) as share_gap,
    from {{ ref('skills') }} as skills
    cross join jobs
    cross join programmes
    left join demand using (concept_id)
    left join supply using (concept_id)
)

select * from gap
order by level, share_gap desc, concept_id
