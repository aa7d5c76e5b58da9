-- What each programme teaches, with what it inherits: its own units (core.training_skills) and the blocs of
-- the RNCP certification it prepares, with the units each came from (bloc codes, LHEO sections) so that a
-- report can quote them. Grain: training_id, concept_id.
with own as (
    select
        training_id,
        concept_id,
        level,
        'programme' as taught_by,
        units,
    from {{ ref('training_skills') }}
),

inherited as (
    select
        programmes.training_id,
        fiche_skills.concept_id,
        fiche_skills.level,
        'certification' as taught_by,
        fiche_skills.units,
    from {{ ref('trainings') }} as programmes
    inner join {{ ref('trainings') }} as fiches
        on fiches.certification_id = programmes.certification_id
        and fiches.source = 'rncp'
        and fiches.training_id <> programmes.training_id
    inner join {{ ref('training_skills') }} as fiche_skills on fiche_skills.training_id = fiches.training_id
)

select
    training_id,
    concept_id,
    any_value(level) as level,
    list(distinct taught_by order by taught_by) as taught_by,
    list_sort(list_distinct(flatten(list(units)))) as units,
from (select * from own union all select * from inherited)
group by training_id, concept_id
