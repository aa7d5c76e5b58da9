-- Which competence areas each named skill belongs to, and how much one mention of the skill says of each.
-- Grain: skill_id, area_id.
select
    skill_id,
    area_id,
    coalesce(weight, 1.0 / count(*) over (partition by skill_id)) as weight,
from {{ source('landing', 'taxonomy_skill_areas') }}
