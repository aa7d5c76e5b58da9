-- Which competence areas each named skill belongs to. Grain: skill_id, area_id.
select
    skill_id,
    area_id,
from {{ source('landing', 'taxonomy_skill_areas') }}
